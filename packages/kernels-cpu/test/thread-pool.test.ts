import { describe, expect, it } from 'vitest';
import { functional as F, tensor, tidy, type Shape } from '@stride/core-tensor';
import { contiguousStrides, uniformAt, type Backend, type View } from '@stride/core-tensor/backend';
import { cpu, type CpuBackend } from '../src/index.js';
import type { Task } from '../src/threads/kernel-call.js';
import { threadPool } from '../src/threads/thread-pool.js';
import { wasmRuntime } from '../src/wasm/runtime.js';

function noise(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => 2 * uniformAt(seed, i) - 1);
}

function put(b: CpuBackend, values: Float32Array, shape: Shape, strides = contiguousStrides(shape)): View {
  return { id: b.write(values), shape, dtype: 'float32', strides, offset: 0 };
}

/** a·b on backend `b` for an m×k a (read transposed when `aT`) and a k×n b. */
function matmul(b: CpuBackend, m: number, k: number, n: number, aT = false): Float32Array {
  const a = aT ? put(b, noise(m * k, 1), [m, k], [1, m]) : put(b, noise(m * k, 1), [m, k]);
  const y = b.matmul(a, put(b, noise(k * n, 2), [k, n]));
  return b.readSync!(y) as Float32Array;
}

describe('thread pool', () => {
  const one = cpu({ threads: 1 });
  const two = cpu({ threads: 2 });

  it('a GEMM split over two threads gives the same bits as on one', () => {
    expect(two.threads).toBe(2);
    for (const [m, k, n, aT] of [
      [70, 130, 333, false],
      [333, 130, 70, true],
      [64, 64, 64, false],
    ] as const) {
      expect(matmul(two, m, k, n, aT)).toEqual(matmul(one, m, k, n, aT));
    }
  });

  it('worker threads take tasks from a job', async () => {
    const rt = wasmRuntime()!;
    const pool = threadPool(rt, 2);
    const n = 64;
    // Allocated from the heap directly: the jobs below span several event-loop turns.
    const src = rt.heap.alloc(n * n * 4)!;
    // Each task packs into its thread's slot, so the slots show who ran something.
    const slot = n * n * 4;
    const dst = rt.heap.alloc(2 * slot)!;
    const tasks = Array.from(
      { length: 200 },
      (): Task => ({
        calls: [{ kernel: 'pack_b', args: { src, rowStride: n, colStride: 1, kc: n, nc: n, dst }, perThread: ['dst'] }],
      }),
    );
    const mem = rt.f32();
    mem.fill(1, src / 4, src / 4 + n * n);
    mem.fill(0, dst / 4, dst / 4 + 2 * n * n);
    // A worker starts in the background, so give it a few jobs' time to join in.
    for (let job = 0; job < 200 && rt.f32()[(dst + slot) / 4] !== 1; job++) {
      pool.run(tasks, slot);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(rt.f32()[(dst + slot) / 4]).toBe(1);
    rt.heap.free(src);
    rt.heap.free(dst);
    pool.dispose();
  });

  it('without SharedArrayBuffer it runs on one thread and gets the same results', () => {
    const unshared = cpu({ threads: 4, sharedMemory: false });
    expect(unshared.threads).toBe(1);
    expect(matmul(unshared, 70, 130, 333)).toEqual(matmul(one, 70, 130, 333));
    unshared.dispose();
  });

  it('a disposed backend keeps working on the calling thread', () => {
    const b = cpu({ threads: 2 });
    const before = matmul(b, 90, 100, 110);
    b.dispose();
    expect(matmul(b, 90, 100, 110)).toEqual(before);
  });

  it('convolution split over samples on two threads matches the typed-array reference', () => {
    // Large enough to be split; odd sizes, stride, dilation, 4-sided padding and groups.
    const [n, c, o, h, w] = [16, 8, 16, 30, 27];
    const opts = {
      stride: [2, 1] as [number, number],
      padding: [1, 2] as [number, number],
      dilation: [1, 2] as [number, number],
      groups: 2,
    };
    const xs = Array.from(noise(n * c * h * w, 3)),
      ws = Array.from(noise(o * (c / 2) * 9, 4));
    const run = (backend: Backend) =>
      tidy(() => {
        const x = tensor(xs, [n, c, h, w], { backend, requiresGrad: true });
        const weight = tensor(ws, [o, c / 2, 3, 3], { backend, requiresGrad: true });
        const y = F.conv2d(x, weight, null, opts);
        y.mul(y).sum().backward();
        return [y, x.grad!, weight.grad!].map((t) => Array.from(t.dataSync()));
      });
    const got = run(two);
    const expected = run(cpu({ simd: false }));
    for (let i = 0; i < 3; i++) {
      const scale = Math.max(...expected[i]!.map(Math.abs));
      const worst = Math.max(...got[i]!.map((v, j) => Math.abs(v - expected[i]![j]!)));
      expect(worst).toBeLessThan(1e-5 * scale);
    }
  });
});
