import type { BenchCase } from '../cases/catalog.js';
import type { OpCase } from '../cases/op-cases.js';
import type { ConvCase, ModelCase, NormCase, PoolCase } from '../cases/shapes.js';
import type { ConvPass, GradPass } from '../engines/engine.js';
import type { MeasureSettings } from '../measure/measure.js';

/**
 * A row's workload as scripts/pytorch_reference.py builds it in PyTorch: the same case objects
 * the JavaScript engines get, so the shapes have one source (this package) and the script none.
 */
export type TorchSpec =
  | { kind: 'matmul'; n: number }
  | ({ kind: 'conv'; pass: ConvPass } & ConvCase)
  | ({ kind: 'maxPool'; pass: GradPass } & PoolCase)
  | ({ kind: 'batchNorm'; pass: GradPass } & NormCase)
  | ({ kind: 'op' } & OpCase)
  | ({ kind: 'model' } & ModelCase);

/** What the script reads: the rows PyTorch has, the measuring rule of the profile, the threads. */
export interface PytorchPlan {
  threads: number;
  settings: MeasureSettings;
  rows: { id: string; spec: TorchSpec }[];
}

export function pytorchPlan(cases: readonly BenchCase[], settings: MeasureSettings, threads: number): PytorchPlan {
  const { warmup, warmupMs, minSamples, maxSamples, budgetMs, slowRunMs } = settings;
  return {
    threads,
    settings: { warmup, warmupMs, minSamples, maxSamples, budgetMs, slowRunMs },
    rows: cases.flatMap((c) => (c.torch ? [{ id: c.id, spec: c.torch }] : [])),
  };
}
