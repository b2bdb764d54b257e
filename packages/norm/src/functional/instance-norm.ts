import { formatShape, noGrad, tidy, type Tensor, composite } from '@stride/core-tensor';
import {
  axesExcept,
  channelShape,
  checkPerChannel,
  checkRank,
  moments,
  scaleShift,
  scaleShiftWithRunning,
  updateRunning,
  type PerChannel,
} from './normalize.js';

export interface InstanceNormOptions {
  /** Normalise each (sample, channel) with its own statistics (default true); false uses the running ones. */
  useInputStats?: boolean;
  momentum?: number;
  eps?: number;
}

/**
 * Instance normalisation of an [N, C, …] input, as torch.nn.functional.instance_norm: each
 * (sample, channel) is normalised over its spatial positions with its own mean and biased
 * variance. Where running tensors are given they are updated as PyTorch does, with the batch
 * average of the per-instance means and *unbiased* variances: running = (1 − momentum)·running +
 * momentum·meanₙ(stat). With `useInputStats: false` the running statistics normalise instead.
 */
export function instanceNorm(
  x: Tensor,
  runningMean?: Tensor | null,
  runningVar?: Tensor | null,
  weight?: Tensor | null,
  bias?: Tensor | null,
  opts: InstanceNormOptions = {},
): Tensor {
  const { useInputStats = true, momentum = 0.1, eps = 1e-5 } = opts;
  checkArguments(x, { runningMean, runningVar, weight, bias }, useInputStats);
  const shape = channelShape(x);
  return composite(() => {
    if (!useInputStats) return scaleShiftWithRunning(x, runningMean!, runningVar!, weight, bias, eps);
    const { centered, mean, variance, invStd } = moments(x, axesExcept(x.ndim, [0, 1]), eps);
    if (runningMean && runningVar) {
      const count = x.numel() / (x.shape[0]! * x.shape[1]!);
      noGrad(() =>
        tidy(() => {
          updateRunning(runningMean, mean.mean(0), momentum);
          updateRunning(runningVar, variance.mean(0).mul(count / (count - 1)), momentum);
        }),
      );
    }
    return scaleShift(centered, invStd, weight, bias, shape);
  });
}

function checkArguments(x: Tensor, tensors: PerChannel, useInputStats: boolean): void {
  const op = 'instanceNorm';
  checkRank(op, x, 3, '[N, C, …] with spatial dimensions');
  const channels = x.shape[1]!;
  checkPerChannel(op, x, tensors, useInputStats ? null : 'useInputStats is false');
  if (useInputStats && x.numel() / (x.shape[0]! * channels) <= 1) {
    throw new Error(`${op}: expected more than 1 spatial element when using input statistics but input has shape ${formatShape(x.shape)}`);
  }
}
