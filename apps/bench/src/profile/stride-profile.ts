import type { Backend } from '@stride/core-tensor';
import { strideModel } from '../engines/stride/model-workload.js';
import { strideCategory } from './categories.js';
import { profiledBackend, type KernelTimes } from './profiled-backend.js';
import type { LibraryProfile, ProfileEntry } from './types.js';

export interface StepOptions {
  model: 'lenet5' | 'resnet20';
  mode: 'train' | 'infer';
  batch: number;
  steps: number;
  warmup: number;
}

/**
 * Stride's training step (the bench's: the zoo model, SGD lr 0.01, the canonical tidy step, the
 * loss read) or inference pass (eval, noGrad, the logits read) timed plainly, then with every kernel timed through profiledBackend.
 */
export async function profileStride(backend: Backend, label: string, opts: StepOptions): Promise<LibraryProfile> {
  const c = { model: opts.model, mode: opts.mode, batch: opts.batch };
  const plain = strideModel(c, backend);
  let stepMsUnprofiled: number;
  let gpuWork: LibraryProfile['gpuWork'] = null;
  try {
    for (let i = 0; i < opts.warmup; i++) await plain.run(() => {});
    const counter = (backend as Backend & { work?: () => { dispatches: number; submits: number } }).work;
    const before = counter?.();
    stepMsUnprofiled = await timeSteps(() => plain.run(() => {}), opts.steps);
    const after = counter?.();
    if (before && after) {
      gpuWork = {
        dispatchesPerStep: (after.dispatches - before.dispatches) / opts.steps,
        submitsPerStep: (after.submits - before.submits) / opts.steps,
      };
    }
  } finally {
    plain.dispose();
  }
  const { backend: profiled, times } = profiledBackend(backend);
  const step = strideModel(c, profiled);
  try {
    await step.run(() => {});
    times.reset();
    const stepMs = await timeSteps(() => step.run(() => {}), opts.steps);
    return {
      ...strideProfile(times, { label, steps: opts.steps, stepMs, stepMsUnprofiled, webgpu: backend.name.startsWith('webgpu') }),
      gpuWork,
    };
  } finally {
    step.dispose();
  }
}

async function timeSteps(step: () => Promise<void>, steps: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < steps; i++) await step();
  return (performance.now() - start) / steps;
}

/** The kernels' totals over `steps` steps as per-step entries, largest first. */
export function strideProfile(
  times: KernelTimes,
  run: { label: string; steps: number; stepMs: number; stepMsUnprofiled: number | null; webgpu: boolean },
): LibraryProfile {
  const entries: ProfileEntry[] = [...times.kernels]
    .map(([name, k]) => ({
      name,
      category: strideCategory(name),
      callsPerStep: k.calls / run.steps,
      msPerStep: k.ms / run.steps,
      percent: (100 * k.ms) / run.steps / run.stepMs,
    }))
    .sort((a, b) => b.msPerStep - a.msPerStep);
  return {
    library: 'stride',
    label: run.label,
    stepMs: run.stepMs,
    stepMsUnprofiled: run.stepMsUnprofiled,
    kernelMsPerStep: times.totalMs() / run.steps,
    entries,
    notes: run.webgpu
      ? ['WebGPU kernels return once their work is encoded: their times are submit-side, and the GPU time shows in read']
      : [],
  };
}
