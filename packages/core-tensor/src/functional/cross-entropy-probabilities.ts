import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { formatShape } from '../shape.js';
import { assertSameBackend } from '../ops/checks.js';
import { add, div, mul, neg } from '../ops/elementwise.js';
import { sum } from '../ops/reduce.js';
import { reshape } from '../ops/shape-ops.js';
import { logSoftmax } from '../ops/softmax.js';
import { checkReduction, type Reduction } from './loss-reduction.js';

export interface ProbabilityTargetOptions {
  reduction?: Reduction;
  ignoreIndex?: number;
  weight?: Tensor | null;
  labelSmoothing?: number;
}

/**
 * crossEntropy against class probabilities of the logits' shape, as torch 1.13's
 * cross_entropy_loss_prob_target: −Σ_c w_c·t_c·log softmax(x)_c per sample, the target first
 * blended with the uniform distribution by labelSmoothing. 'mean' divides by the number of
 * samples (N·spatial), not by a sum of weights as class-index targets do.
 */
export function crossEntropyWithProbabilities(logits: Tensor, target: Tensor, opts: ProbabilityTargetOptions): Tensor {
  const op = 'crossEntropy';
  assertSameBackend(op, [
    ['input', logits],
    ['target', target],
    ['weight', opts.weight],
  ]);
  if (logits.dtype === 'int32') throw new Error(`${op}: input must be floating point but got int32`);
  if (target.dtype === 'int32') {
    throw new Error(
      `${op}: target has the input's shape ${formatShape(target.shape)}, so it must hold float32 class probabilities, but got dtype int32 ` +
        `(class indices have shape ${formatShape(logits.shape.filter((_, i) => i !== classDimOf(logits)))})`,
    );
  }
  // torch refuses an ignoreIndex that could name a class; its negative default is simply unused.
  if (opts.ignoreIndex !== undefined && opts.ignoreIndex >= 0) {
    throw new Error(
      `${op}: ignoreIndex does not apply to class-probability targets (expected a negative ignoreIndex or none, got ${opts.ignoreIndex})`,
    );
  }
  const reduction = checkReduction(op, opts.reduction);
  const classDim = classDimOf(logits);
  const classes = logits.shape[classDim]!;
  const weight = opts.weight;
  if (weight && (weight.ndim !== 1 || weight.shape[0] !== classes)) {
    throw new Error(`${op}: weight has shape ${formatShape(weight.shape)} but expected [${classes}] (one per class)`);
  }
  const smoothing = opts.labelSmoothing ?? 0;
  return composite(() => {
    const logp = logSoftmax(logits, classDim);
    const t = smoothing > 0 ? add(mul(target, 1 - smoothing), smoothing / classes) : target;
    const classShape = logits.shape.map((_, i) => (i === classDim ? classes : 1));
    const terms = weight ? mul(mul(logp, t), reshape(weight, classShape)) : mul(logp, t);
    if (reduction === 'none') return neg(sum(terms, classDim));
    const total = neg(sum(terms));
    return reduction === 'sum' ? total : div(total, logits.numel() / classes);
  });
}

function classDimOf(logits: Tensor): number {
  return logits.ndim === 1 ? 0 : 1;
}
