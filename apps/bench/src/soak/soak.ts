import { manualSeed, memory, randn, setBackend, tensor, type Tensor } from '@stride/core-tensor';
import type { CpuBackend } from '@stride/kernels-cpu';
import { Adam } from '@stride/optim';
import { lenet5 } from '@stride/zoo';
import type { Progress } from '../report/progress.js';
import { trainStep } from '../training/train-step.js';

export interface SoakPlan {
  steps: number;
  batch: number;
  /** A sample every this many steps (and at the first and last). */
  every: number;
}

export interface SoakSample {
  step: number;
  tensors: number;
  tensorBytes: number;
  heapUsedBytes: number;
  /** The JS heap's reserved size: it grows in steps as V8 sizes its young generation to the allocation rate. */
  heapTotalBytes: number;
  rssBytes: number;
  wasmMemoryBytes: number;
  wasmHeapUsedBytes: number;
  recycledBytes: number;
}

export interface SoakReport {
  plan: SoakPlan;
  samples: SoakSample[];
  durationMs: number;
}

/**
 * API.md's canonical training step (LeNet-5, Adam, cross-entropy; a synchronous tidy around
 * forward, backward and update, the loss read outside it), repeated on one synthetic batch,
 * with every memory counter sampled as it goes: live tensors and their bytes, the JS heap,
 * the process's RSS, and the CPU backend's wasm memory and recycled arrays.
 */
export async function runSoak(backend: CpuBackend, plan: SoakPlan, progress: Progress): Promise<SoakReport> {
  const started = performance.now();
  setBackend(backend);
  manualSeed(3);
  const net = lenet5();
  const opt = new Adam(net.parameters(), { lr: 1e-3 });
  const x = randn([plan.batch, 1, 28, 28], { seed: 1 });
  const y = tensor(
    Int32Array.from({ length: plan.batch }, (_, i) => i % 10),
    [plan.batch],
    { dtype: 'int32' },
  );
  const samples: SoakSample[] = [];
  const sample = (step: number) => samples.push({ step, ...counters(backend) });
  progress.start(`soak: LeNet-5 + Adam, batch ${plan.batch}`, plan.steps);
  try {
    sample(0);
    for (let step = 1; step <= plan.steps; step++) {
      const loss = trainStep(net, opt, x, y);
      await loss.data();
      loss.dispose();
      if (step % plan.every === 0 || step === plan.steps) sample(step);
      progress.step(step % 500 === 0 ? `step ${step}: ${describeSample(samples[samples.length - 1]!)}` : undefined);
    }
  } finally {
    progress.end();
    for (const t of [x, y] as Tensor[]) t.dispose();
    opt.dispose();
    net.dispose();
  }
  return { plan, samples, durationMs: performance.now() - started };
}

function counters(backend: CpuBackend): Omit<SoakSample, 'step'> {
  const { numTensors, numBytes } = memory();
  const usage = process.memoryUsage();
  const stats = backend.memoryStats();
  return {
    tensors: numTensors,
    tensorBytes: numBytes,
    heapUsedBytes: usage.heapUsed,
    heapTotalBytes: usage.heapTotal,
    rssBytes: usage.rss,
    wasmMemoryBytes: stats.wasmMemoryBytes,
    wasmHeapUsedBytes: stats.wasmHeapUsedBytes,
    recycledBytes: stats.recycledBytes,
  };
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function describeSample(s: SoakSample): string {
  return `${s.tensors} tensors (${s.tensorBytes} B), heap ${mib(s.heapUsedBytes)}, RSS ${mib(s.rssBytes)}, wasm ${mib(s.wasmMemoryBytes)}`;
}

/**
 * The report's lines: each counter from the first sample after warm-up (step `warmup`) to the
 * last, with the largest step-to-step rise in RSS and where it happened.
 */
export function soakSummary(report: SoakReport, warmup = 100): string {
  const { samples, plan } = report;
  const first = samples.find((s) => s.step >= Math.min(warmup, plan.steps)) ?? samples[0]!;
  const last = samples[samples.length - 1]!;
  let jump = { bytes: 0, step: 0 };
  for (let i = 1; i < samples.length; i++) {
    const rise = samples[i]!.rssBytes - samples[i - 1]!.rssBytes;
    if (rise > jump.bytes) jump = { bytes: rise, step: samples[i]!.step };
  }
  const row = (name: string, a: number, b: number, fmt: (n: number) => string) =>
    `  ${name.padEnd(22)} ${fmt(a).padStart(12)} → ${fmt(b).padStart(12)}  (${b === a ? 'flat' : `${b > a ? '+' : ''}${fmt(b - a)}`})`;
  const count = (n: number) => String(n);
  const steps = `${plan.steps} steps of LeNet-5 + Adam, batch ${plan.batch}, in ${(report.durationMs / 1000).toFixed(0)} s`;
  return [
    `soak: ${steps}; from step ${first.step} to ${last.step}:`,
    row('live tensors', first.tensors, last.tensors, count),
    row('their bytes', first.tensorBytes, last.tensorBytes, count),
    row('JS heap used', first.heapUsedBytes, last.heapUsedBytes, mib),
    row('JS heap reserved', first.heapTotalBytes, last.heapTotalBytes, mib),
    row('RSS', first.rssBytes, last.rssBytes, mib),
    row('wasm memory', first.wasmMemoryBytes, last.wasmMemoryBytes, mib),
    row('wasm heap in use', first.wasmHeapUsedBytes, last.wasmHeapUsedBytes, mib),
    row('recycled arrays', first.recycledBytes, last.recycledBytes, mib),
    `  largest rise in RSS between samples: ${mib(jump.bytes)} at step ${jump.step}`,
  ].join('\n');
}
