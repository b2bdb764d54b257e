import { composite } from '../autograd/composite.js';
import { noGrad } from '../autograd/grad-mode.js';
import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { abs, compare, div, mul, neg, square, sub, where } from '../ops/elementwise.js';
import { sumTo } from '../ops/reduce.js';
import { checkReduction, reduceLoss, type Reduction } from './loss-reduction.js';
import { checkPairedInputs } from './loss-inputs.js';

/**
 * Smooth L1 (Fast R-CNN): ½d²/β where |d| < β, else |d| − ½β, for d = input − target (broadcast
 * as torch). The branches are chosen as torch's backward kernel chooses them (d ≤ −β, d ≥ β), so
 * the gradient at the kinks is torch's too; β = 0 is plain L1 with torch's tie rule.
 */
export function smoothL1Loss(input: Tensor, target: Tensor, opts: { beta?: number; reduction?: Reduction } = {}): Tensor {
  const op = 'smoothL1Loss';
  const reduction = checkRegression(op, input, target, opts.reduction);
  const beta = opts.beta ?? 1;
  if (!(beta >= 0)) throw new Error(`${op}: beta must be non-negative but got ${beta}`);
  if (beta === 0) return composite(() => reduceLoss(l1WithTiesDown(input, target), reduction));
  return composite(() => {
    const d = sub(input, target);
    const outer = where(compare('le', d, -beta), sub(neg(d), beta / 2), sub(d, beta / 2));
    return reduceLoss(where(compare('lt', abs(d), beta), div(mul(square(d), 0.5), beta), outer), reduction);
  });
}

/**
 * |input − target| with torch's smooth-L1 gradient at β = 0: its backward kernel tests d ≤ −β
 * first, and runs for the target with the arguments swapped, so a tie (d = 0) gives −1 to
 * input and target alike (l1Loss gives both 0).
 */
function l1WithTiesDown(input: Tensor, target: Tensor): Tensor {
  const d = noGrad(() => sub(input, target));
  const losses = noGrad(() => abs(d));
  return record('smoothL1Loss', [input, target], losses, (dy) => [
    input.requiresGrad ? sumTo(mul(dy, sub(mul(compare('gt', d, 0), 2), 1)), input.shape) : null,
    target.requiresGrad ? sumTo(mul(dy, sub(mul(compare('lt', d, 0), 2), 1)), target.shape) : null,
  ]);
}

/**
 * Huber: ½d² where |d| < δ, else δ(|d| − ½δ); smoothL1Loss scaled by δ = β. Branches as torch's
 * backward kernel picks them, so the gradient is ±δ from the kinks outwards.
 */
export function huberLoss(input: Tensor, target: Tensor, opts: { delta?: number; reduction?: Reduction } = {}): Tensor {
  const op = 'huberLoss';
  const reduction = checkRegression(op, input, target, opts.reduction);
  const delta = opts.delta ?? 1;
  if (!(delta > 0)) throw new Error(`${op}: delta must be positive but got ${delta}`);
  return composite(() => {
    const d = sub(input, target);
    const outer = mul(where(compare('le', d, -delta), sub(neg(d), delta / 2), sub(d, delta / 2)), delta);
    return reduceLoss(where(compare('lt', abs(d), delta), mul(square(d), 0.5), outer), reduction);
  });
}

function checkRegression(op: string, input: Tensor, target: Tensor, reduction: Reduction | undefined): Reduction {
  checkPairedInputs(op, input, target);
  return checkReduction(op, reduction);
}
