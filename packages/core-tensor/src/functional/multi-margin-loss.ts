import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { formatShape } from '../shape.js';
import { assertSameBackend } from '../ops/checks.js';
import { add, div, mul, relu, square, sub, where } from '../ops/elementwise.js';
import { sum } from '../ops/reduce.js';
import { reshape } from '../ops/shape-ops.js';
import { checkReduction, reduceLoss, type Reduction } from './loss-reduction.js';
import { classMask } from './one-hot.js';
import { firstOutOfRange } from './index-range.js';

export interface MultiMarginLossOptions {
  /** 1 (the hinge) or 2 (its square). */
  p?: 1 | 2;
  margin?: number;
  /** One per class, scaling each sample's loss by the weight of its target class. */
  weight?: Tensor | null;
  reduction?: Reduction;
}

/**
 * The multiclass SVM loss of the course (Weston–Watkins, as torch's multi_margin_loss): per
 * sample Σ_{j≠y} w_y·max(0, margin − x_y + x_j)^p / C, for scores [N, C] (or [C]) and int32
 * classes [N] (or a single one). A hinge exactly at 0 gets no gradient, as torch's (z > 0).
 */
export function multiMarginLoss(input: Tensor, target: Tensor, opts: MultiMarginLossOptions = {}): Tensor {
  const op = 'multiMarginLoss';
  const { classes, reduction } = checkMultiMargin(op, input, target, opts);
  const p = opts.p ?? 1;
  const margin = opts.margin ?? 1;
  const weight = opts.weight;
  return composite(() => {
    const scores = input.ndim === 1 ? reshape(input, [1, classes]) : input;
    const hit = classMask(reshape(target, [scores.shape[0]!]), classes);
    const targetScore = sum(mul(scores, hit), 1, true);
    const hinge = relu(add(sub(scores, targetScore), margin));
    const terms = where(hit, 0, p === 2 ? square(hinge) : hinge);
    let perSample = div(sum(terms, 1), classes);
    if (weight) perSample = mul(perSample, sum(mul(hit, weight), 1));
    // One sample's loss takes its target's shape, [] or [1], as torch's 'none' does.
    return reduceLoss(input.ndim === 1 ? reshape(perSample, target.shape) : perSample, reduction);
  });
}

function checkMultiMargin(
  op: string,
  input: Tensor,
  target: Tensor,
  opts: MultiMarginLossOptions,
): { classes: number; reduction: Reduction } {
  assertSameBackend(op, [
    ['input', input],
    ['target', target],
    ['weight', opts.weight],
  ]);
  if (input.dtype === 'int32') throw new Error(`${op}: input must be floating point but got int32`);
  if (target.dtype !== 'int32') throw new Error(`${op}: target must be int32 class indices but got dtype ${target.dtype}`);
  if ((input.ndim !== 1 && input.ndim !== 2) || input.shape[input.ndim - 1] === 0) {
    throw new Error(`${op}: input must be a vector [C] or a matrix [N, C] with C > 0 but got shape ${formatShape(input.shape)}`);
  }
  const classes = input.shape[input.ndim - 1]!;
  const samples = input.ndim === 2 ? input.shape[0]! : 1;
  const targetFits = input.ndim === 2 ? target.ndim === 1 && target.shape[0] === samples : target.numel() === 1 && target.ndim <= 1;
  if (!targetFits) {
    const expected = input.ndim === 2 ? `[${samples}]` : '[] or [1]';
    throw new Error(
      `${op}: target has shape ${formatShape(target.shape)} but input ${formatShape(input.shape)} needs target shape ${expected}`,
    );
  }
  const p = opts.p ?? 1;
  if (p !== 1 && p !== 2) throw new Error(`${op}: p must be 1 or 2 but got ${String(p)}`);
  if (opts.weight && (opts.weight.ndim !== 1 || opts.weight.shape[0] !== classes)) {
    throw new Error(`${op}: weight has shape ${formatShape(opts.weight.shape)} but expected [${classes}] (one per class)`);
  }
  const bad = firstOutOfRange(target, classes);
  if (bad) {
    throw new Error(`${op}: target[${bad.index}] is ${bad.value} but input has ${classes} classes (expected 0 ≤ class < ${classes})`);
  }
  return { classes, reduction: checkReduction(op, opts.reduction) };
}
