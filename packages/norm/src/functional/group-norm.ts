import { formatShape, type Tensor, composite } from '@stride/core-tensor';
import { channelShape, checkPerChannel, checkRank, moments } from './normalize.js';

export interface GroupNormOptions {
  eps?: number;
}

/**
 * Group normalisation, as torch.nn.functional.group_norm: the C channels of an [N, C, …] input
 * are split into `numGroups` groups of consecutive channels, each (sample, group) is normalised
 * with its own mean and biased variance, then weight and bias (shape [C]) apply per channel.
 */
export function groupNorm(x: Tensor, numGroups: number, weight?: Tensor | null, bias?: Tensor | null, opts: GroupNormOptions = {}): Tensor {
  const { eps = 1e-5 } = opts;
  checkArguments(x, numGroups, weight, bias);
  return composite(() => {
    const grouped = x.reshape([x.shape[0]!, numGroups, -1]);
    const { centered, invStd } = moments(grouped, [2], eps);
    const normalized = centered.mul(invStd).reshape(x.shape);
    if (!weight && !bias) return normalized;
    const shape = channelShape(x);
    const scaled = weight ? normalized.mul(weight.reshape(shape)) : normalized;
    return bias ? scaled.add(bias.reshape(shape)) : scaled;
  });
}

function checkArguments(x: Tensor, numGroups: number, weight: Tensor | null | undefined, bias: Tensor | null | undefined): void {
  const op = 'groupNorm';
  checkRank(op, x, 2, '[N, C, …]');
  const channels = x.shape[1]!;
  if (!Number.isInteger(numGroups) || numGroups < 1 || channels % numGroups !== 0) {
    throw new Error(
      `${op}: numGroups is ${numGroups} but input has ${channels} channels (shape ${formatShape(x.shape)}); expected a positive divisor of ${channels}`,
    );
  }
  checkPerChannel(op, x, { weight, bias }, null);
}
