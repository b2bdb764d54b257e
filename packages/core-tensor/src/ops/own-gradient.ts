import type { Tensor } from '../tensor.js';
import { composite } from '../autograd/composite.js';
import { noGrad } from '../autograd/grad-mode.js';
import { record } from '../autograd/record.js';

/**
 * An op computed with other ops but differentiated by its own rule: the forward records no graph
 * (its intermediates are freed at once), and one node with `gradFn` is recorded on the result.
 * For ops whose composed gradient would be wrong at a kink (norm at 0, clamp at its bounds) or
 * would keep many intermediates alive (cumsum's scan).
 */
export function withGradient(
  op: string,
  inputs: readonly Tensor[],
  forward: () => Tensor,
  gradFn: (dy: Tensor) => readonly (Tensor | null)[],
): Tensor {
  return record(
    op,
    inputs,
    noGrad(() => composite(forward)),
    gradFn,
  );
}
