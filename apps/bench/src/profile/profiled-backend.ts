import type { Backend } from '@stride/core-tensor';

/** One kernel's calls and the wall time spent in them, its own (nested kernel calls are theirs). */
export interface KernelTime {
  calls: number;
  ms: number;
}

export interface KernelTimes {
  /** Kernel name → calls and milliseconds; unary, binary and reductions by op (`binary:add`). */
  readonly kernels: ReadonlyMap<string, KernelTime>;
  /** Sum of every kernel's own time. */
  totalMs(): number;
  reset(): void;
}

/** Members of a backend object that are not kernels (the cpu backend's worker and memory handles). */
const NOT_KERNELS = new Set(['dispose', 'memoryStats']);

/**
 * A backend that forwards every kernel to `backend` and times it: per kernel name, the calls and
 * the wall time from call to return (to resolution for the asynchronous ones: read, sync).
 * Tensors made on it run every op through it; its buffers are the wrapped backend's. A kernel
 * called while another is running (a backend whose kernels call others through this object) counts
 * for itself and is taken out of the caller's time, so the times add up to the time in kernels.
 * On WebGPU a kernel returns once its work is encoded: times are submit-side, and the GPU's time
 * shows up in the read that waits for it.
 */
export function profiledBackend<B extends Backend>(backend: B): { backend: B; times: KernelTimes } {
  const kernels = new Map<string, KernelTime>();
  // Time spent in kernels called from inside the running one, per nesting level.
  const nested: number[] = [];
  const record = (label: string, ms: number) => {
    const k = kernels.get(label) ?? { calls: 0, ms: 0 };
    k.calls++;
    k.ms += ms;
    kernels.set(label, k);
  };
  const wrapped = Object.create(backend) as B;
  for (const key of Object.keys(backend)) {
    const kernel = (backend as unknown as Record<string, unknown>)[key];
    if (typeof kernel !== 'function' || NOT_KERNELS.has(key)) continue;
    const fn = kernel as (...args: unknown[]) => unknown;
    Object.defineProperty(wrapped, key, {
      enumerable: true,
      value: (...args: unknown[]) => {
        const label = typeof args[0] === 'string' ? `${key}:${args[0]}` : key;
        const start = performance.now();
        nested.push(0);
        const finish = () => {
          const total = performance.now() - start;
          const inner = nested.pop() ?? 0;
          record(label, total - inner);
          if (nested.length > 0) nested[nested.length - 1]! += total;
        };
        let result: unknown;
        try {
          result = fn.apply(backend, args);
        } catch (e) {
          finish();
          throw e;
        }
        if (result instanceof Promise) {
          // An asynchronous kernel (read, sync) is timed to its resolution; nothing nests in its wait.
          nested.pop();
          return result.finally(() => record(label, performance.now() - start));
        }
        finish();
        return result;
      },
    });
  }
  return {
    backend: wrapped,
    times: {
      kernels,
      totalMs: () => [...kernels.values()].reduce((a, k) => a + k.ms, 0),
      reset: () => kernels.clear(),
    },
  };
}
