import { KERNELS } from '../wasm/kernel-params.js';
import { MAX_THREADS, type WasmRuntime } from '../wasm/runtime.js';
import { flatCall, type FlatCall, type Task } from './kernel-call.js';
import { spawnWorker, type WorkerHandle } from './spawn-worker.js';
import { CONTROL, MAX_TASKS, runTasks } from './task-runner.js';

export interface ThreadPool {
  /** Threads that run a job, this one included. */
  readonly threads: number;
  /**
   * Runs the tasks on up to `threads` threads and returns when all are done; the calling thread
   * works too, so a job finishes even before any worker has started. `perThreadBytes` is the
   * stride between threads' per-thread arguments.
   */
  run(tasks: readonly Task[], perThreadBytes?: number): void;
  /** Lets this pool's workers go (once no other pool uses them). */
  dispose(): void;
}

/** Threads the machine offers, capped at MAX_THREADS. */
export function defaultThreads(): number {
  const g = globalThis as { navigator?: { hardwareConcurrency?: number }; process?: { getBuiltinModule?: (id: string) => unknown } };
  const os = g.process?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  const n = os?.availableParallelism?.() ?? g.navigator?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(MAX_THREADS, n));
}

/**
 * A pool of `threads` threads over `rt`'s memory. One thread (no workers) where the memory is
 * not shared, as where SharedArrayBuffer is missing. Workers are shared by every pool of the
 * runtime, started on first use and stopped when the last pool is disposed.
 */
export function threadPool(rt: WasmRuntime, threads: number): ThreadPool {
  const kernels = KERNELS.map((name) => rt.kernels[name]);
  const want = rt.shared ? Math.max(1, Math.min(MAX_THREADS, Math.floor(threads))) : 1;
  const workers = want > 1 ? workerSet(rt) : null;
  workers?.lease();
  let disposed = false;
  return {
    threads: want,
    run(tasks, perThreadBytes = 0) {
      if (tasks.length > MAX_TASKS) throw new Error(`cpu: a job of ${tasks.length} tasks exceeds the pool's ${MAX_TASKS}`);
      const participants = Math.min(want, tasks.length);
      if (participants <= 1 || !workers || disposed) {
        for (const task of tasks) {
          const calls = task.calls.map(flatCall);
          for (let round = 0; round < (task.repeat ?? 1); round++) for (const call of calls) kernels[call.kernel]!(...argsOf(call, round));
        }
        return;
      }
      const ctl = new Int32Array(rt.memory.buffer, 0, CONTROL.TASKS + MAX_TASKS * CONTROL.TASK_WORDS);
      tasks.forEach((task, i) => writeTask(ctl, CONTROL.TASKS + i * CONTROL.TASK_WORDS, task.repeat ?? 1, task.calls.map(flatCall)));
      const gen = workers.nextGeneration();
      Atomics.store(ctl, CONTROL.COUNT, tasks.length);
      Atomics.store(ctl, CONTROL.STRIDE, perThreadBytes);
      Atomics.store(ctl, CONTROL.DONE, 0);
      Atomics.store(ctl, CONTROL.FAILED, 0);
      Atomics.store(ctl, CONTROL.CLAIM, gen << 16);
      workers.wake(ctl, participants - 1, gen);
      runTasks(ctl, kernels, 0, gen);
      for (let done = Atomics.load(ctl, CONTROL.DONE); done < tasks.length; done = Atomics.load(ctl, CONTROL.DONE)) {
        if (mainThreadCanWait()) Atomics.wait(ctl, CONTROL.DONE, done);
      }
      Atomics.store(ctl, CONTROL.CLAIM, (gen << 16) | CONTROL.CLOSED);
      if (Atomics.load(ctl, CONTROL.FAILED)) throw new Error('cpu: a WebAssembly kernel failed on a worker thread');
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      workers?.release();
    },
  };
}

/** A call's arguments on the calling thread (thread 0) in round `round`. */
function argsOf(call: FlatCall, round: number): number[] {
  const args = [...call.args];
  let step = 0;
  for (let i = 0; i < args.length; i++) if ((call.stepMask >>> i) & 1) args[i]! += round * call.steps[step++]!;
  return args;
}

/** The record `runTasks` reads: [repeat, calls…], each [kernel, argCount, perThreadMask, stepMask, ...args, ...steps]. */
function writeTask(ctl: Int32Array, at: number, repeat: number, calls: readonly FlatCall[]): void {
  const end = at + CONTROL.TASK_WORDS;
  ctl[at++] = repeat;
  for (const call of calls) {
    const words = 4 + call.args.length + call.steps.length;
    if (at + words > end) throw new Error('cpu: a task record overflowed its words');
    ctl[at] = call.kernel;
    ctl[at + 1] = call.args.length;
    ctl[at + 2] = call.perThreadMask;
    ctl[at + 3] = call.stepMask;
    ctl.set(call.args, at + 4);
    ctl.set(call.steps, at + 4 + call.args.length);
    at += words;
  }
  if (at < end) ctl[at] = -1;
}

interface WorkerSet {
  lease(): void;
  release(): void;
  nextGeneration(): number;
  /** Wakes workers 1…count, starting those not yet running. */
  wake(ctl: Int32Array, count: number, gen: number): void;
}

const workerSets = new WeakMap<WasmRuntime, WorkerSet>();

function workerSet(rt: WasmRuntime): WorkerSet {
  const existing = workerSets.get(rt);
  if (existing) return existing;
  let leases = 0;
  let gen = 0;
  let workers: (WorkerHandle | null)[] = [];
  const set: WorkerSet = {
    lease: () => void leases++,
    release() {
      if (--leases > 0) return;
      for (const w of workers) w?.terminate();
      workers = [];
    },
    nextGeneration: () => (gen = (gen % 0x7fff) + 1),
    wake(ctl, count, g) {
      for (let t = 1; t <= count; t++) {
        if (workers[t - 1] === undefined)
          workers[t - 1] = spawnWorker({ memory: rt.memory, moduleBytes: rt.moduleBytes, thread: t, kernels: KERNELS });
        Atomics.store(ctl, CONTROL.WAKE + t - 1, g);
        Atomics.notify(ctl, CONTROL.WAKE + t - 1);
      }
    },
  };
  workerSets.set(rt, set);
  return set;
}

let canWait: boolean | undefined;

/** Atomics.wait throws on a browser's main thread; there the caller spins instead. */
function mainThreadCanWait(): boolean {
  if (canWait === undefined) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      canWait = true;
    } catch {
      canWait = false;
    }
  }
  return canWait;
}
