import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { broadcastShapes, formatShape, shapesEqual } from '../shape.js';
import { assertSameBackend } from '../ops/checks.js';
import { compare, div, mul, neg, sub, square, add, abs } from '../ops/elementwise.js';
import { sum } from '../ops/reduce.js';
import { reshape, unsqueeze } from '../ops/shape-ops.js';
import { arange } from '../ops/creation.js';
import { logSoftmax } from '../ops/softmax.js';
import { checkReduction, reduceLoss, type Reduction } from './loss-reduction.js';
import { crossEntropyWithProbabilities } from './cross-entropy-probabilities.js';

export type { Reduction };

export interface NllLossOptions {
  reduction?: Reduction;
  ignoreIndex?: number;
  weight?: Tensor | null;
}

export interface CrossEntropyOptions extends NllLossOptions {
  labelSmoothing?: number;
}

/**
 * Cross entropy of logits [N, C, ...] (or [C]) against int32 class indices [N, ...], as
 * torch.nn.functional.cross_entropy: log-softmax, then NLL, blended with the uniform-target
 * loss when labelSmoothing > 0 (ignored targets excluded; class weights apply to both terms).
 * A target of the logits' own shape holds class probabilities instead (mixup, distillation),
 * as torch decides by shape.
 */
export function crossEntropy(logits: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const op = 'crossEntropy';
  const smoothing = opts.labelSmoothing ?? 0;
  if (!(smoothing >= 0 && smoothing <= 1)) throw new Error(`${op}: labelSmoothing must be in [0, 1] but got ${smoothing}`);
  if (shapesEqual(target.shape, logits.shape) && logits.ndim > 0) return crossEntropyWithProbabilities(logits, target, opts);
  const classDim = checkClassification(op, logits, target, opts);
  return composite(() => {
    const logp = logSoftmax(logits, classDim);
    const nll = nllCore(logp, target, classDim, opts);
    if (smoothing === 0) return nll;
    const classes = logits.shape[classDim]!;
    const ignoreIndex = opts.ignoreIndex ?? -100;
    const valid = compare('ne', target, ignoreIndex);
    const weighted = opts.weight ? mul(logp, classWeights(opts.weight, logits.ndim, classDim)) : logp;
    const smooth = mul(neg(sum(weighted, classDim)), valid);
    let smoothLoss: Tensor;
    switch (opts.reduction ?? 'mean') {
      case 'none':
        smoothLoss = smooth;
        break;
      case 'sum':
        smoothLoss = sum(smooth);
        break;
      case 'mean':
        smoothLoss = div(
          sum(smooth),
          sum(opts.weight ? mul(classWeightsPerTarget(opts.weight, target, classDim, logits.ndim), valid) : valid),
        );
        break;
    }
    return add(mul(nll, 1 - smoothing), mul(smoothLoss, smoothing / classes));
  });
}

/** Negative log-likelihood of log-probabilities [N, C, ...] at int32 class indices [N, ...]. */
export function nllLoss(logProbs: Tensor, target: Tensor, opts: NllLossOptions = {}): Tensor {
  const classDim = checkClassification('nllLoss', logProbs, target, opts);
  return composite(() => nllCore(logProbs, target, classDim, opts));
}

function nllCore(logp: Tensor, target: Tensor, classDim: number, opts: NllLossOptions): Tensor {
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const hit = oneHot(target, logp.shape[classDim]!, classDim, logp.ndim);
  const picked = sum(mul(logp, hit), classDim);
  const valid = compare('ne', target, ignoreIndex);
  const w = opts.weight ? mul(classWeightsPerTarget(opts.weight, target, classDim, logp.ndim), valid) : valid;
  const losses = neg(mul(picked, w));
  switch (opts.reduction ?? 'mean') {
    case 'none':
      return losses;
    case 'sum':
      return sum(losses);
    case 'mean':
      return div(sum(losses), sum(w));
  }
}

/** Mean squared error, with broadcasting as PyTorch. */
export function mseLoss(input: Tensor, target: Tensor, opts: { reduction?: Reduction } = {}): Tensor {
  assertSameBackend('mseLoss', [
    ['input', input],
    ['target', target],
  ]);
  broadcastShapes('mseLoss', input.shape, target.shape, ['input', 'target']);
  const reduction = checkReduction('mseLoss', opts.reduction);
  return composite(() => reduceLoss(square(sub(input, target)), reduction));
}

/** Mean absolute error. */
export function l1Loss(input: Tensor, target: Tensor, opts: { reduction?: Reduction } = {}): Tensor {
  assertSameBackend('l1Loss', [
    ['input', input],
    ['target', target],
  ]);
  broadcastShapes('l1Loss', input.shape, target.shape, ['input', 'target']);
  const reduction = checkReduction('l1Loss', opts.reduction);
  return composite(() => reduceLoss(abs(sub(input, target)), reduction));
}

/** An int32 mask [N, C, ...] with a 1 at each target's class. */
function oneHot(target: Tensor, classes: number, classDim: number, rank: number): Tensor {
  const range = arange(classes, { dtype: 'int32', backend: target.backend });
  return compare('eq', reshape(range, classShape(classes, classDim, rank)), classDim === 0 ? target : unsqueeze(target, classDim));
}

/** [1, C, 1, …]: broadcasts per-class values against [N, C, …]. */
function classShape(classes: number, classDim: number, rank: number): number[] {
  return Array.from({ length: rank }, (_, i) => (i === classDim ? classes : 1));
}

function classWeights(weight: Tensor, rank: number, classDim: number): Tensor {
  return reshape(weight, classShape(weight.shape[0]!, classDim, rank));
}

/** weight[target] for every target, shaped like target. */
function classWeightsPerTarget(weight: Tensor, target: Tensor, classDim: number, rank: number): Tensor {
  return sum(mul(classWeights(weight, rank, classDim), oneHot(target, weight.shape[0]!, classDim, rank)), classDim);
}

/** Checks dtypes, shapes and class indices; returns the class dimension. */
function checkClassification(op: string, input: Tensor, target: Tensor, opts: NllLossOptions): number {
  assertSameBackend(op, [
    ['input', input],
    ['target', target],
    ['weight', opts.weight],
  ]);
  if (target.dtype !== 'int32') {
    throw new Error(
      `${op}: target must be int32 class indices but got dtype ${target.dtype}; create it with tensor(labels, shape, { dtype: 'int32' })` +
        (op === 'crossEntropy' ? `, or pass float32 class probabilities of the input's shape ${formatShape(input.shape)}` : ''),
    );
  }
  if (input.dtype === 'int32') throw new Error(`${op}: input must be floating point but got int32`);
  checkReduction(op, opts.reduction);
  if (input.ndim === 0) throw new Error(`${op}: input must have a class dimension but got a 0-d tensor`);
  const classDim = input.ndim === 1 ? 0 : 1;
  const classes = input.shape[classDim]!;
  const expectedTarget = input.shape.filter((_, i) => i !== classDim);
  if (target.ndim !== expectedTarget.length || target.shape.some((d, i) => d !== expectedTarget[i])) {
    throw new Error(
      `${op}: target has shape ${formatShape(target.shape)} but input ${formatShape(input.shape)} needs target shape ${formatShape(expectedTarget)}`,
    );
  }
  if (opts.weight && (opts.weight.ndim !== 1 || opts.weight.shape[0] !== classes)) {
    throw new Error(`${op}: weight has shape ${formatShape(opts.weight.shape)} but expected [${classes}] (one per class)`);
  }
  checkClassRange(op, target, classes, opts.ignoreIndex ?? -100);
  return classDim;
}

/** Class indices are checked where the backend can read synchronously (CPU). */
function checkClassRange(op: string, target: Tensor, classes: number, ignoreIndex: number): void {
  if (!target.backend.readSync) return;
  const values = target.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== ignoreIndex && (v < 0 || v >= classes)) {
      throw new Error(
        `${op}: target[${i}] is ${v} but input has ${classes} classes (expected 0 ≤ class < ${classes}, or ignoreIndex ${ignoreIndex})`,
      );
    }
  }
}
