import { formatShape, functional as F, noGrad, tidy, type Tensor, composite } from '@stride/core-tensor';
import { checkPerChannel, checkRank, scaleShiftWithRunning, updateRunning, type PerChannel } from './normalize.js';

export interface BatchNormOptions {
  /** Normalise with the batch's statistics and update the running ones (default false: use the running ones). */
  training?: boolean;
  /**
   * Weight of the new batch statistic in the running update (default 0.1). `null` is PyTorch's
   * cumulative moving average, factor 1/numBatchesTracked, so it needs `numBatchesTracked`.
   */
  momentum?: number | null;
  eps?: number;
  /**
   * The int32 one-element batch counter (BatchNorm's `num_batches_tracked` buffer). When given, a
   * training call that updates running statistics increments it in place first, as BatchNorm's
   * forward does; `momentum: null` then averages over all batches seen.
   */
  numBatchesTracked?: Tensor | null;
  /** Apply ReLU to the result in the same kernels, forward and backward (default false). */
  relu?: boolean;
}

/**
 * Batch normalisation over an [N, C] or [N, C, …] input, as torch.nn.functional.batch_norm.
 * Training normalises with the batch mean and biased variance over every axis but C, and, where
 * running tensors are given, updates them in place: running = (1 − momentum)·running +
 * momentum·stat, with the *unbiased* batch variance (n/(n−1)) as PyTorch does. Eval normalises
 * with the running statistics.
 */
export function batchNorm(
  x: Tensor,
  runningMean: Tensor | null | undefined,
  runningVar: Tensor | null | undefined,
  weight?: Tensor | null,
  bias?: Tensor | null,
  opts: BatchNormOptions = {},
): Tensor {
  const { training = false, momentum = 0.1, eps = 1e-5, numBatchesTracked = null, relu = false } = opts;
  checkArguments(x, { runningMean, runningVar, weight, bias }, opts);
  if (!training) return composite(() => scaleShiftWithRunning(x, runningMean!, runningVar!, weight, bias, eps, relu));
  // One fused kernel each way (core's batchNormTraining) instead of ~6 passes forward and ~12 back.
  const { out, mean, variance } = F.batchNormTraining(x, weight, bias, { eps, relu });
  try {
    if (runningMean && runningVar) {
      const count = x.numel() / x.shape[1]!;
      noGrad(() =>
        tidy(() => {
          const factor = runningFactor(momentum, numBatchesTracked);
          updateRunning(runningMean, mean, factor);
          updateRunning(runningVar, variance.mul(count / (count - 1)), factor);
        }),
      );
    }
  } finally {
    mean.dispose();
    variance.dispose();
  }
  return out;
}

/** The running update's factor: momentum, or 1/numBatchesTracked (after its increment) when momentum is null. Call under noGrad + tidy. */
function runningFactor(momentum: number | null, numBatchesTracked: Tensor | null): number | Tensor {
  if (numBatchesTracked) numBatchesTracked.assign(numBatchesTracked.add(1));
  return momentum ?? numBatchesTracked!.cast('float32').reciprocal();
}

function checkArguments(x: Tensor, tensors: PerChannel, opts: BatchNormOptions): void {
  const op = 'batchNorm';
  checkRank(op, x, 2, '[N, C] or [N, C, …]');
  const channels = x.shape[1]!;
  checkPerChannel(op, x, tensors, opts.training ? null : 'training is false');
  // The fused kernels (training's batch norm, eval's channelAffine) take one dtype throughout, as
  // PyTorch's batch_norm does; eval also reads the running statistics.
  const running = opts.training
    ? []
    : ([
        ['runningMean', tensors.runningMean],
        ['runningVar', tensors.runningVar],
      ] as const);
  for (const [arg, t] of [['input', x], ['weight', tensors.weight], ['bias', tensors.bias], ...running] as const) {
    if (t && t.dtype !== 'float32' && t.dtype !== 'float64')
      throw new Error(`${op}: ${arg} must have dtype float32 or float64 but got ${t.dtype}`);
    if (t && t.dtype !== x.dtype) throw new Error(`${op}: ${arg} has dtype ${t.dtype} but input has ${x.dtype} (expected equal)`);
  }
  if (opts.training && x.numel() / channels <= 1) {
    throw new Error(`${op}: expected more than 1 value per channel when training but input has shape ${formatShape(x.shape)}`);
  }
  const { momentum = 0.1, numBatchesTracked } = opts;
  if (momentum === null && opts.training && tensors.runningMean && !numBatchesTracked) {
    throw new Error(`${op}: momentum is null (cumulative average) but numBatchesTracked is missing; pass the int32 batch counter`);
  }
  if (numBatchesTracked && (numBatchesTracked.dtype !== 'int32' || numBatchesTracked.numel() !== 1)) {
    throw new Error(
      `${op}: numBatchesTracked must be a one-element int32 tensor but got ${numBatchesTracked.dtype} ${formatShape(numBatchesTracked.shape)}`,
    );
  }
}
