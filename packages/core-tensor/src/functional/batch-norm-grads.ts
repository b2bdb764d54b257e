import type { Tensor } from '../tensor.js';
import { add, mul, reciprocal, sqrt, sub } from '../ops/elementwise.js';
import { mean, sum } from '../ops/reduce.js';
import { reshape } from '../ops/shape-ops.js';

/**
 * Training-mode batch norm's gradients written with ops, for a backward pass that records itself
 * (createGraph): the batch statistics are recomputed from x, so the result is differentiable in
 * x, dy and the weight. The same closed form the fused kernel computes: with x̂ = (x − mean)·invStd,
 * dbias = Σdy, dweight = Σdy·x̂, dx = weight·invStd·(dy − mean(dy) − x̂·mean(dy·x̂)).
 */
export function batchNormGradsWithOps(
  x: Tensor,
  dy: Tensor,
  weight: Tensor | null | undefined,
  eps: number,
): { dx: Tensor; dweight: Tensor; dbias: Tensor } {
  const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const perChannel = (t: Tensor) =>
    reshape(
      t,
      x.shape.map((d, i) => (i === 1 ? d : 1)),
    );
  const centered = sub(x, mean(x, axes, true));
  const invStd = reciprocal(sqrt(add(mean(mul(centered, centered), axes, true), eps)));
  const xhat = mul(centered, invStd);
  const dbias = sum(dy, axes);
  const dweight = sum(mul(dy, xhat), axes);
  const residual = sub(sub(dy, mean(dy, axes, true)), mul(xhat, mean(mul(dy, xhat), axes, true)));
  const scale = weight ? mul(invStd, perChannel(weight)) : invStd;
  return { dx: mul(residual, scale), dweight, dbias };
}
