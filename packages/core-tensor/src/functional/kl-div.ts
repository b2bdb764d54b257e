import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { checkPairedInputs } from './loss-inputs.js';
import { compare, div, exp, log, mul, sub, where } from '../ops/elementwise.js';
import { mean, sum } from '../ops/reduce.js';

export type KlDivReduction = 'mean' | 'batchmean' | 'sum' | 'none';

export interface KlDivOptions {
  /** 'mean' averages over every element (torch's default, which torch warns about); 'batchmean' divides the sum by the batch size. */
  reduction?: KlDivReduction;
  /** The target holds log-probabilities rather than probabilities. */
  logTarget?: boolean;
}

const REDUCTIONS: readonly KlDivReduction[] = ['mean', 'batchmean', 'sum', 'none'];

/**
 * Kullback–Leibler divergence of `input` (log-probabilities) from `target`, pointwise
 * t·(log t − input) as torch.nn.functional.kl_div (0 where t = 0, as torch's xlogy), or
 * eᵗ·(t − input) with logTarget. The target may take gradients too; at t = 0 Stride's is −input
 * where torch's xlogy rule gives NaN.
 */
export function klDiv(input: Tensor, target: Tensor, opts: KlDivOptions = {}): Tensor {
  const op = 'klDiv';
  checkPairedInputs(op, input, target);
  const reduction = opts.reduction ?? 'mean';
  if (!REDUCTIONS.includes(reduction)) {
    throw new Error(`${op}: reduction must be 'mean', 'batchmean', 'sum' or 'none' but got '${String(reduction)}'`);
  }
  return composite(() => {
    const losses = opts.logTarget ? mul(exp(target), sub(target, input)) : sub(xlogx(target), mul(target, input));
    switch (reduction) {
      case 'none':
        return losses;
      case 'sum':
        return sum(losses);
      case 'mean':
        return mean(losses);
      case 'batchmean':
        return input.ndim === 0 ? sum(losses) : div(sum(losses), input.shape[0]!);
    }
  });
}

/** t·log t with 0·log 0 = 0; log reads 1 where t = 0 so that no 0/0 reaches the gradient. */
function xlogx(t: Tensor): Tensor {
  return mul(t, log(where(compare('eq', t, 0), 1, t)));
}
