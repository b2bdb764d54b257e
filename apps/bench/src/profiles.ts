import type { ProfileName } from './report/types.js';

/** How much a run measures: samples per benchmark, which benchmarks, how long MNIST trains. */
export interface Profile {
  name: ProfileName;
  description: string;
  /** Untimed runs before sampling; the first one is reported apart as compile time. */
  warmup: number;
  /** Warm-up goes on until this much time has passed, for short runs to reach steady state (MeasureSettings). */
  warmupMs: number;
  minSamples: number;
  maxSamples: number;
  /** Sampling stops once minSamples are taken and this much time has gone by. */
  budgetMs: number;
  /**
   * Skip a benchmark on an engine when its run is predicted, from that engine's speed on a
   * smaller case of the same kernel, to take longer than this (null: run everything).
   */
  maxPredictedRunMs: number | null;
  slowRunMs: number | null;
  /** Row ids to run; null runs every row. */
  only: readonly string[] | null;
  matmulSizes: readonly number[];
  lenetBatch: number;
  resnetTrainBatch: number;
  resnetInferBatch: number;
  /** How long each timed run of the WebAssembly FMA ceiling loop takes (the best of three counts). */
  ceilingRunMs: number;
  /** MNIST LeNet run: steps of `batch` images (null: one full epoch), then test images to score. */
  training: { steps: number | null; batch: number; testImages: number } | null;
}

export const MNIST_TRAIN_IMAGES = 60000;

export const PROFILES: Record<ProfileName, Profile> = {
  micro: {
    name: 'micro',
    description: 'smoke test: one small matmul, one sample, a 3-step MNIST run on 48 images',
    warmup: 1,
    warmupMs: 0,
    minSamples: 1,
    maxSamples: 1,
    budgetMs: 0,
    maxPredictedRunMs: null,
    slowRunMs: null,
    only: ['matmul-128'],
    matmulSizes: [128],
    lenetBatch: 64,
    resnetTrainBatch: 8,
    resnetInferBatch: 8,
    ceilingRunMs: 10,
    training: { steps: 3, batch: 16, testImages: 64 },
  },
  quick: {
    name: 'quick',
    description:
      'every op and model, warm-up runs for 0.4 s (at least one), then 1–9 timed runs each (as many as fit in 0.8 s; a run predicted to take over 3 s is skipped); ' +
      'resnet20 at batch 32 instead of 128; LeNet trained on a 60-batch MNIST subset (3,840 of 60,000 images), not a full epoch',
    warmup: 1,
    warmupMs: 400,
    minSamples: 1,
    // Up to 9 where runs are short: a median of 3 moved by a quarter between runs on this VM.
    maxSamples: 9,
    budgetMs: 800,
    // Keeps `npm start` (parity on 7 backend/runtime pairs, then cpu and software-WebGPU
    // benchmarks with their peers) within 5 minutes on 2 cores with a margin: 221 s here (286 s at 4 s).
    // The 0.4 s warm-up added 35 s to the cpu rows (99 → 134 s); cpu and webgpu rows took 227 s.
    maxPredictedRunMs: 3000,
    slowRunMs: null,
    only: null,
    matmulSizes: [256, 512, 1024],
    lenetBatch: 64,
    resnetTrainBatch: 32,
    resnetInferBatch: 32,
    ceilingRunMs: 150,
    training: { steps: 60, batch: 64, testImages: 1000 },
  },
  full: {
    name: 'full',
    description:
      'every op and model, 2 warm-ups (and more for 2 s), then 5–20 timed runs each (one timed run where the first run took over 20 s; ' +
      'a run predicted to take over 5 minutes is skipped); resnet20 training at batch 128; ' +
      'LeNet trained for one full MNIST epoch (60,000 images) and scored on the 10,000 test images',
    warmup: 2,
    warmupMs: 2000,
    minSamples: 5,
    maxSamples: 20,
    budgetMs: 10000,
    // tfjs-cpu's resnet20 training step at batch 128 is predicted at ~17 minutes a run.
    maxPredictedRunMs: 300000,
    slowRunMs: 20000,
    only: null,
    matmulSizes: [256, 512, 1024],
    lenetBatch: 64,
    resnetTrainBatch: 128,
    resnetInferBatch: 128,
    ceilingRunMs: 500,
    training: { steps: null, batch: 64, testImages: 10000 },
  },
};

export function isProfileName(s: string): s is ProfileName {
  return s in PROFILES;
}
