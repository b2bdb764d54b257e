import type { Tensor } from '../tensor.js';
import { mean, sum } from '../ops/reduce.js';

export type Reduction = 'mean' | 'sum' | 'none';

const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

/** The reduction option, checked at the op's entry (default 'mean'). */
export function checkReduction(op: string, reduction: Reduction | undefined): Reduction {
  const r = reduction ?? 'mean';
  if (!REDUCTIONS.includes(r)) {
    throw new Error(`${op}: reduction must be 'mean', 'sum' or 'none' but got '${String(reduction)}'`);
  }
  return r;
}

/** Per-element losses reduced as torch's apply_loss_reduction: the mean over every element, the sum, or as they are. */
export function reduceLoss(losses: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'sum') return sum(losses);
  if (reduction === 'mean') return mean(losses);
  return losses;
}
