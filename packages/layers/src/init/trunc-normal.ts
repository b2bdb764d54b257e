import { rand, type Tensor } from '@stride/core-tensor';
import { erf, erfinv } from './erf.js';
import { checkFloat, fillInPlace, type SeedOptions } from './fill.js';

export interface TruncNormalOptions extends SeedOptions {
  mean?: number;
  std?: number;
  /** The lower cutoff (default −2), in the values' units, not in stds. */
  a?: number;
  /** The upper cutoff (default 2). */
  b?: number;
}

/**
 * torch.nn.init.trunc_normal_: N(mean, std²) restricted to [a, b], by torch's method: uniform
 * draws between the normal CDF at a and at b, mapped back through the inverse CDF
 * (√2·erfinv(2u − 1)), then clamped to [a, b] against rounding.
 */
export function truncNormal(t: Tensor, opts: TruncNormalOptions = {}): Tensor {
  const op = 'init.truncNormal';
  const { mean = 0, std = 1, a = -2, b = 2 } = opts;
  checkFloat(op, t);
  if (![mean, std, a, b].every(Number.isFinite) || !(std > 0) || !(a <= b)) {
    throw new Error(`${op}: expected finite values with std > 0 and a <= b but got mean=${mean}, std=${std}, a=${a}, b=${b}`);
  }
  const lower = normCdf((a - mean) / std);
  const upper = normCdf((b - mean) / std);
  return fillInPlace(op, t, () => {
    const u = rand(t.shape, { seed: opts.seed, backend: t.backend })
      .mul(2 * upper - 2 * lower)
      .add(2 * lower - 1);
    return erfinv(u)
      .mul(std * Math.SQRT2)
      .add(mean)
      .clamp(a, b);
  });
}

/** The standard normal CDF, written as torch's trunc_normal_ writes it. */
export function normCdf(x: number): number {
  return (1 + erf(x / Math.SQRT2)) / 2;
}
