import { composite } from '../autograd/composite.js';
import { noGrad } from '../autograd/grad-mode.js';
import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { broadcastShapes, formatShape, shapesEqual } from '../shape.js';
import { assertSameBackend } from '../ops/checks.js';
import { add, div, exp, log, maximum, mul, neg, sub } from '../ops/elementwise.js';
import { checkReduction, reduceLoss, type Reduction } from './loss-reduction.js';

export interface BinaryCrossEntropyOptions {
  /** Rescales each element's loss; broadcast to the input's shape. */
  weight?: Tensor | null;
  reduction?: Reduction;
}

export interface BinaryCrossEntropyWithLogitsOptions extends BinaryCrossEntropyOptions {
  /** Weight of the positive term, one per class (last dim), broadcast to the input's shape. */
  posWeight?: Tensor | null;
}

/**
 * −w·(y·log p + (1 − y)·log(1 − p)) of probabilities p in [0, 1], with each log clamped at −100 as
 * torch does, so p = 0 or 1 gives a finite loss. The gradients are torch 1.13's formulas, not the
 * clamp's derivative: w·(p − y)/max(p(1 − p), 1e-12) for p and w·(log(1 − p) − log p) for y.
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: BinaryCrossEntropyOptions = {}): Tensor {
  const op = 'binaryCrossEntropy';
  const reduction = checkBinaryTarget(op, input, target, opts);
  checkProbabilities(op, input);
  return composite(() => {
    const losses = elementwiseBinaryCrossEntropy(input, target);
    return reduceLoss(opts.weight ? mul(losses, opts.weight) : losses, reduction);
  });
}

/**
 * binaryCrossEntropy of sigmoid(z), in torch's numerically stable form: with m = max(−z, 0),
 * (1 − y)·z + (1 + (posWeight − 1)·y)·(m + log(e^−m + e^(−z−m))), times weight.
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, opts: BinaryCrossEntropyWithLogitsOptions = {}): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  const reduction = checkBinaryTarget(op, input, target, opts);
  checkBroadcastsTo(op, 'posWeight', opts.posWeight, input);
  const posWeight = opts.posWeight;
  return composite(() => {
    const m = maximum(neg(input), 0);
    const softplusOfMinusZ = add(log(add(exp(neg(m)), exp(sub(neg(input), m)))), m);
    const positive = posWeight ? mul(add(mul(sub(posWeight, 1), target), 1), softplusOfMinusZ) : softplusOfMinusZ;
    const losses = add(mul(sub(1, target), input), positive);
    return reduceLoss(opts.weight ? mul(losses, opts.weight) : losses, reduction);
  });
}

/** The unweighted per-element loss, recorded as one op with torch's gradient formulas. */
function elementwiseBinaryCrossEntropy(p: Tensor, y: Tensor): Tensor {
  const losses = noGrad(() => composite(() => sub(mul(sub(y, 1), maximum(log(sub(1, p)), -100)), mul(y, maximum(log(p), -100)))));
  return record('binaryCrossEntropy', [p, y], losses, (dy) => [
    p.requiresGrad ? div(mul(dy, sub(p, y)), maximum(mul(sub(1, p), p), 1e-12)) : null,
    y.requiresGrad ? mul(dy, sub(log(sub(1, p)), log(p))) : null,
  ]);
}

/** Same backend, floating dtypes, a target of the input's shape, a weight that broadcasts to it; returns the reduction. */
function checkBinaryTarget(op: string, input: Tensor, target: Tensor, opts: BinaryCrossEntropyWithLogitsOptions): Reduction {
  assertSameBackend(op, [
    ['input', input],
    ['target', target],
    ['weight', opts.weight],
    ['posWeight', opts.posWeight],
  ]);
  for (const [name, t] of [
    ['input', input],
    ['target', target],
    ['weight', opts.weight],
    ['posWeight', opts.posWeight],
  ] as const) {
    if (t && t.dtype === 'int32') throw new Error(`${op}: ${name} must be floating point but got int32`);
  }
  if (!shapesEqual(target.shape, input.shape)) {
    throw new Error(`${op}: target has shape ${formatShape(target.shape)} but expected the input's shape ${formatShape(input.shape)}`);
  }
  checkBroadcastsTo(op, 'weight', opts.weight, input);
  return checkReduction(op, opts.reduction);
}

/** torch multiplies the loss by weight in place: weight must broadcast to the input's shape without growing it. */
function checkBroadcastsTo(op: string, name: string, t: Tensor | null | undefined, input: Tensor): void {
  if (!t) return;
  const shape = broadcastShapes(op, t.shape, input.shape, [name, 'input']);
  if (!shapesEqual(shape, input.shape)) {
    throw new Error(
      `${op}: ${name} of shape ${formatShape(t.shape)} broadcasts the input ${formatShape(input.shape)} to ${formatShape(shape)} ` +
        `(expected a shape that broadcasts to the input's)`,
    );
  }
}

/** torch refuses probabilities outside [0, 1]; checked where the backend reads synchronously (CPU). */
function checkProbabilities(op: string, input: Tensor): void {
  if (!input.backend.readSync) return;
  const values = input.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1)) throw new Error(`${op}: input[${i}] is ${v} but every input must be a probability in [0, 1]`);
  }
}
