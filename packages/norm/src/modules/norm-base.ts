import { checkAllocatable, getBackend, ones, zeros, type Backend, type Tensor } from '@stride/core-tensor';
import { Module } from '@stride/layers';

export interface NormBaseOptions {
  eps?: number;
  /** Weight of each new batch statistic in the running average; null (BatchNorm only) averages all batches. */
  momentum?: number | null;
  /** Learnable per-channel weight (ones) and bias (zeros). */
  affine?: boolean;
  /** Keep running statistics in buffers and normalise with them in eval mode. */
  trackRunningStats?: boolean;
  /** Backend for the parameters and buffers (default: the current backend). */
  backend?: Backend;
}

/**
 * What BatchNorm and InstanceNorm share, as PyTorch's `_NormBase`: per-channel `weight` and
 * `bias` parameters when affine, and the buffers `running_mean` (zeros), `running_var` (ones)
 * and `num_batches_tracked` when tracking running statistics. The counter is int32 here where
 * PyTorch's is int64: Stride tensors have no 64-bit integers, and 2³¹ batches is out of reach.
 */
export abstract class NormBase extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  // Declared in PyTorch's state-dict order: parameters, then buffers.
  weight!: Tensor | null;
  bias!: Tensor | null;
  runningMean!: Tensor | null;
  runningVar!: Tensor | null;
  numBatchesTracked!: Tensor | null;

  protected constructor(op: string, numFeatures: number, opts: NormBaseOptions, defaults: { affine: boolean; trackRunningStats: boolean }) {
    super();
    if (!Number.isInteger(numFeatures) || numFeatures < 1) {
      throw new Error(`${op}: numFeatures must be a positive integer but got ${numFeatures}`);
    }
    checkAllocatable(op, [numFeatures], 'float32', opts.backend ?? getBackend());
    this.numFeatures = numFeatures;
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    this.affine = opts.affine ?? defaults.affine;
    this.trackRunningStats = opts.trackRunningStats ?? defaults.trackRunningStats;
    const backend = opts.backend;
    this.registerParameter('weight', this.affine ? ones([numFeatures], { backend }) : null);
    this.registerParameter('bias', this.affine ? zeros([numFeatures], { backend }) : null);
    const track = this.trackRunningStats;
    this.registerBuffer('runningMean', track ? zeros([numFeatures], { backend }) : null);
    this.registerBuffer('runningVar', track ? ones([numFeatures], { backend }) : null);
    this.registerBuffer('numBatchesTracked', track ? zeros([], { dtype: 'int32', backend }) : null);
  }

  /** Resets the running statistics to their initial values (zeros, ones, 0), as PyTorch's reset_running_stats. */
  resetRunningStats(): void {
    for (const [t, value] of [
      [this.runningMean, 0],
      [this.runningVar, 1],
      [this.numBatchesTracked, 0],
    ] as const) {
      if (!t) continue;
      const fresh =
        value === 0 ? zeros(t.shape, { dtype: t.dtype, backend: t.backend }) : ones(t.shape, { dtype: t.dtype, backend: t.backend });
      t.assign(fresh);
      fresh.dispose();
    }
  }
}

/** Checks an input's rank against the ranks a layer accepts, with PyTorch's wording. */
export function checkInputRank(op: string, x: Tensor, ranks: readonly number[]): void {
  if (!ranks.includes(x.ndim)) {
    const expected = ranks.map((r) => `${r}D`).join(' or ');
    throw new Error(`${op}: expected ${expected} input but got ${x.ndim}D input (shape [${x.shape.join(', ')}])`);
  }
}
