/**
 * The control block at the start of wasm memory, in Int32 words. A job is a list of task
 * records; threads claim tasks with a compare-exchange on CLAIM, whose high bits carry the
 * job's generation so a thread that wakes late cannot claim a task of the next job.
 */
export const CONTROL = {
  CLAIM: 0,
  DONE: 1,
  COUNT: 2,
  /** Bytes between one thread's per-thread arguments and the next's. */
  STRIDE: 3,
  /** Set when a kernel threw; the job still completes and the caller rethrows. */
  FAILED: 4,
  /** One word per worker thread: the generation of the job it was last woken for. */
  WAKE: 16,
  TASKS: 64,
  TASK_WORDS: 64,
  CLOSED: 0xffff,
} as const;

export const MAX_TASKS = Math.floor((65536 / 4 - CONTROL.TASKS) / CONTROL.TASK_WORDS);

/**
 * Claims and runs tasks of job `gen` until none are left. A task record is `[repeat, calls…]`,
 * each call `[kernel, argCount, perThreadMask, stepMask, ...args, ...steps]`, the calls ended
 * by kernel -1 or the record's end. The calls run `repeat` times in order; on round r,
 * argument i is offset by `thread`·STRIDE when bit i of perThreadMask is set (per-thread
 * scratch) and by r·step when bit i of stepMask is (the steps follow the arguments, in order).
 *
 * Self-contained on purpose: worker threads run this very function from its source text.
 */
export function runTasks(ctl: Int32Array, kernels: readonly ((...args: number[]) => void)[], thread: number, gen: number): void {
  const CLAIM = 0,
    DONE = 1,
    COUNT = 2,
    STRIDE = 3,
    FAILED = 4,
    TASKS = 64,
    TASK_WORDS = 64;
  for (;;) {
    const v = Atomics.load(ctl, CLAIM);
    const count = Atomics.load(ctl, COUNT);
    const task = v & 0xffff;
    if (v >>> 16 !== gen || task >= count) return;
    if (Atomics.compareExchange(ctl, CLAIM, v, v + 1) !== v) continue;
    const offset = thread * Atomics.load(ctl, STRIDE);
    const first = TASKS + task * TASK_WORDS;
    const end = first + TASK_WORDS;
    try {
      for (let round = 0; round < ctl[first]!; round++) {
        for (let at = first + 1; at < end && ctl[at]! >= 0; ) {
          const kernel = kernels[ctl[at]!]!;
          const argCount = ctl[at + 1]!;
          const perThread = ctl[at + 2]!;
          const stepped = ctl[at + 3]!;
          const args = new Array<number>(argCount);
          let step = at + 4 + argCount;
          for (let i = 0; i < argCount; i++) {
            let arg = ctl[at + 4 + i]!;
            if ((perThread >>> i) & 1) arg += offset;
            if ((stepped >>> i) & 1) arg += round * ctl[step++]!;
            args[i] = arg;
          }
          kernel(...args);
          at = step;
        }
      }
    } catch {
      Atomics.store(ctl, FAILED, 1);
    }
    if (Atomics.add(ctl, DONE, 1) + 1 === count) Atomics.notify(ctl, DONE);
  }
}

/**
 * A worker thread's life: instantiate the kernel module over the shared memory, then wait on
 * its WAKE word and run the tasks of each job it is woken for. Spins a little before sleeping,
 * because jobs of one training step come back to back. Self-contained, like `runTasks`.
 */
export function workerMain(
  init: { memory: WebAssembly.Memory; moduleBytes: Uint8Array<ArrayBuffer>; thread: number; kernels: readonly string[] },
  run: typeof runTasks,
): void {
  const WAKE = 16,
    SPIN = 20000;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(init.moduleBytes), { env: { memory: init.memory } });
  const exports = instance.exports as Record<string, (...args: number[]) => void>;
  const kernels = init.kernels.map((name) => exports[name]!);
  const ctl = new Int32Array(init.memory.buffer, 0, 16384);
  const wake = WAKE + init.thread - 1;
  let seen = 0;
  for (;;) {
    let gen = Atomics.load(ctl, wake);
    for (let i = 0; gen === seen && i < SPIN; i++) gen = Atomics.load(ctl, wake);
    if (gen === seen) {
      Atomics.wait(ctl, wake, seen);
      continue;
    }
    seen = gen;
    run(ctl, kernels, init.thread, gen);
  }
}
