import { Worker } from 'node:worker_threads';
import type { FmaCeiling } from '../report/types.js';
import { fmaLoop, loopFlops, type FmaLoop } from './fma-module.js';

/** Accumulator counts tried on one thread: fewer leave the FMA units waiting on latency, more spill registers. */
const ACCUMULATORS = [8, 10, 12] as const;
/** Runs per measurement; the fastest counts (anything else on the machine only slows a run). */
const REPEATS = 3;

// Each worker compiles the loop and runs it on request, stamping start and end on a clock shared
// by every thread (timeOrigin + now), so a run on several threads spans first start to last end.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fma = new WebAssembly.Instance(new WebAssembly.Module(workerData.bytes)).exports.fma;
const now = () => performance.timeOrigin + performance.now();
parentPort.on('message', (iterations) => {
  const start = now();
  const sink = fma(iterations);
  parentPort.postMessage({ start, end: now(), sink });
});
parentPort.postMessage('ready');
`;

/**
 * GFLOP/s of a register-only multiply-add loop in WebAssembly SIMD (relaxed madd where the runtime
 * validates it, else mul + add) on each thread count: one worker per thread, each loop sized to
 * take about `targetMs`. The accumulator count is chosen on one thread.
 */
export async function measureFmaCeiling(opts: { threads: readonly number[]; targetMs: number }): Promise<FmaCeiling> {
  const fused = relaxedSimd();
  let best: { loop: FmaLoop; gflops: number; iterations: number } | null = null;
  for (const n of ACCUMULATORS) {
    const loop = fmaLoop(n, fused);
    const workers = await startWorkers(loop, 1);
    try {
      const iterations = await calibrate(workers[0]!, opts.targetMs);
      const gflops = await bestRun(workers, loop, iterations);
      if (!best || gflops > best.gflops) best = { loop, gflops, iterations };
    } finally {
      for (const w of workers) void w.terminate();
    }
  }
  const chosen = best!;
  const runs: FmaCeiling['runs'] = [];
  for (const threads of opts.threads) {
    if (threads === 1) {
      runs.push({ threads, gflops: chosen.gflops });
      continue;
    }
    const workers = await startWorkers(chosen.loop, threads);
    try {
      runs.push({ threads, gflops: await bestRun(workers, chosen.loop, chosen.iterations) });
    } finally {
      for (const w of workers) void w.terminate();
    }
  }
  return { instruction: fused ? 'f32x4.relaxed_madd' : 'f32x4.mul + f32x4.add', accumulators: chosen.loop.accumulators, runs };
}

/**
 * Whether relaxed SIMD's madd validates here. Node 20's V8 has it behind a flag (kernels-cpu sets
 * the same one); Bun, Deno and Node 22+ need none.
 */
function relaxedSimd(): boolean {
  const probe = fmaLoop(1, true).bytes;
  if (WebAssembly.validate(probe)) return true;
  const proc = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
  const v8 = proc.process?.getBuiltinModule?.('node:v8') as { setFlagsFromString?(flags: string): void } | undefined;
  v8?.setFlagsFromString?.('--experimental-wasm-relaxed-simd');
  return WebAssembly.validate(probe);
}

async function startWorkers(loop: FmaLoop, count: number): Promise<Worker[]> {
  const workers = Array.from({ length: count }, () => new Worker(WORKER_SOURCE, { eval: true, workerData: { bytes: loop.bytes } }));
  await Promise.all(workers.map((w) => nextMessage(w)));
  // A few short calls first, so the engine's optimising tier compiles the loop before it is timed.
  for (let i = 0; i < 3; i++) await Promise.all(workers.map((w) => call(w, 20_000)));
  return workers;
}

/** Iterations for a run of about `targetMs` on one thread. */
async function calibrate(worker: Worker, targetMs: number): Promise<number> {
  const probe = 200_000;
  const { start, end } = await call(worker, probe);
  const msPerIteration = Math.max(end - start, 1e-3) / probe;
  return Math.max(probe, Math.round(targetMs / msPerIteration));
}

/** The best of REPEATS runs of `iterations` on every worker at once: total FLOPs over first start to last end. */
async function bestRun(workers: readonly Worker[], loop: FmaLoop, iterations: number): Promise<number> {
  let best = 0;
  for (let r = 0; r < REPEATS; r++) {
    const spans = await Promise.all(workers.map((w) => call(w, iterations)));
    const ms = Math.max(...spans.map((s) => s.end)) - Math.min(...spans.map((s) => s.start));
    best = Math.max(best, (workers.length * loopFlops(loop, iterations)) / (ms * 1e6));
  }
  return best;
}

function call(worker: Worker, iterations: number): Promise<{ start: number; end: number }> {
  const reply = nextMessage(worker) as Promise<{ start: number; end: number }>;
  worker.postMessage(iterations);
  return reply;
}

function nextMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    worker.once('message', (m: unknown) => {
      worker.off('error', onError);
      resolve(m);
    });
    worker.once('error', onError);
  });
}
