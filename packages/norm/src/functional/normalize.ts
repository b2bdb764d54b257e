import { formatShape, functional as F, noGrad, tidy, type DType, type Tensor } from '@stride/core-tensor';

/**
 * The pieces every normalisation shares: entry checks, the statistics over a set of axes, the
 * per-channel affine transform and the in-place running-statistic update.
 */

/** A tensor's statistics over `axes`, kept as broadcastable [.., 1, ..] tensors. */
export interface Moments {
  /** x − mean over the axes. */
  centered: Tensor;
  mean: Tensor;
  /** The biased (population) variance, as normalisation uses. */
  variance: Tensor;
  /** 1/√(variance + eps). */
  invStd: Tensor;
}

/** Mean, centred input and biased variance over `axes`, built from ops so autograd derives the gradient. */
export function moments(x: Tensor, axes: readonly number[], eps: number): Moments {
  const mean = x.mean(axes, true);
  const centered = x.sub(mean);
  const variance = centered.square().mean(axes, true);
  return { centered, mean, variance, invStd: variance.add(eps).rsqrt() };
}

/**
 * centered·scale·weight + bias, with weight and bias viewed as `paramShape` (e.g. [1, C, 1, 1]).
 * `scale` is folded into the weight first so the full-size tensor is touched twice, not three times.
 */
export function scaleShift(
  centered: Tensor,
  scale: Tensor,
  weight: Tensor | null | undefined,
  bias: Tensor | null | undefined,
  paramShape: readonly number[],
): Tensor {
  const factor = weight ? scale.mul(weight.reshape(paramShape)) : scale;
  const scaled = centered.mul(factor);
  return bias ? scaled.add(bias.reshape(paramShape)) : scaled;
}

/**
 * Normalising with running statistics: (x − mean)/√(var + eps)·γ + β, folded into x·scale + shift
 * per channel and applied in one pass (F.channelAffine), then ReLU in the same pass where `relu`.
 */
export function scaleShiftWithRunning(
  x: Tensor,
  runningMean: Tensor,
  runningVar: Tensor,
  weight: Tensor | null | undefined,
  bias: Tensor | null | undefined,
  eps: number,
  relu = false,
): Tensor {
  const channels = [x.shape[1]!];
  const invStd = runningVar.reshape(channels).add(eps).rsqrt();
  const scale = weight ? invStd.mul(weight.reshape(channels)) : invStd;
  const shift = runningMean.reshape(channels).mul(scale).neg();
  return F.channelAffine(x, scale, bias ? shift.add(bias.reshape(channels)) : shift, { relu });
}

/** [1, C, 1, …]: the shape that broadcasts a per-channel vector over an [N, C, …] tensor. */
export function channelShape(x: Tensor): number[] {
  return x.shape.map((d, i) => (i === 1 ? d : 1));
}

/** Every axis of an [N, C, …] tensor but `keep`. */
export function axesExcept(ndim: number, keep: readonly number[]): number[] {
  return Array.from({ length: ndim }, (_, i) => i).filter((i) => !keep.includes(i));
}

/**
 * running ← (1 − factor)·running + factor·stat, in place through `assign`, without a graph and
 * without leaving temporaries. `stat` may be any shape with running's element count.
 */
export function updateRunning(running: Tensor, stat: Tensor, factor: number | Tensor): void {
  noGrad(() =>
    tidy(() => {
      const value = toDtype(stat.reshape(running.shape), running.dtype);
      const share = typeof factor === 'number' ? factor : toDtype(factor, running.dtype);
      const keepShare = typeof share === 'number' ? 1 - share : share.neg().add(1);
      running.assign(running.mul(keepShare).add(value.mul(share)));
    }),
  );
}

/** The per-channel tensors a batch or instance normalisation takes. */
export interface PerChannel {
  runningMean?: Tensor | null;
  runningVar?: Tensor | null;
  weight?: Tensor | null;
  bias?: Tensor | null;
}

/**
 * Checks that each per-channel tensor has one element per channel of x, and that the running
 * statistics come as a pair; `evalFlag` names the option that makes them required when it is set.
 */
export function checkPerChannel(op: string, x: Tensor, tensors: PerChannel, evalFlag: string | null): void {
  const channels = x.shape[1]!;
  for (const [arg, t] of Object.entries(tensors) as [string, Tensor | null | undefined][]) {
    if (!t) continue;
    t.storage(op, arg);
    if (t.numel() !== channels) {
      throw new Error(`${op}: ${arg} has ${t.numel()} elements (shape ${formatShape(t.shape)}) but input has ${channels} channels`);
    }
  }
  const { runningMean, runningVar } = tensors;
  if (!runningMean !== !runningVar) {
    throw new Error(
      `${op}: runningMean is ${runningMean ? 'given' : 'missing'} but runningVar is ${runningVar ? 'given' : 'missing'} (expected both or neither)`,
    );
  }
  if (evalFlag && !runningMean) {
    throw new Error(`${op}: runningMean and runningVar are required when ${evalFlag} (it normalises with them); got none`);
  }
}

/** Checks that x is [N, C, …] with at least `minRank` dimensions. */
export function checkRank(op: string, x: Tensor, minRank: number, layout: string): void {
  x.storage(op, 'input');
  if (x.ndim < minRank) {
    throw new Error(`${op}: input must have at least ${minRank} dimensions ${layout} but got shape ${formatShape(x.shape)}`);
  }
}

function toDtype(t: Tensor, dtype: DType): Tensor {
  return t.dtype === dtype ? t : t.cast(dtype);
}
