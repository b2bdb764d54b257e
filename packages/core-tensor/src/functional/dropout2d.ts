import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { formatShape } from '../shape.js';
import { assertSameBackend } from '../ops/checks.js';
import { mul } from '../ops/elementwise.js';
import { checkDropProbability, dropScaled } from './drop-mask.js';
import type { DropoutOptions } from './dropout.js';

/**
 * Channel dropout (torch's feature_dropout): zeroes each whole channel [n, c, ...] with
 * probability p and scales the others by 1/(1 − p). As torch 1.13, a 3-D input counts as
 * [N, C, L] (one draw per n and c), not as an unbatched [C, H, W]; 2-D [N, C] drops single
 * elements. In eval mode, or with p = 0, it is the identity; p = 1 gives zeros without a draw.
 */
export function dropout2d(x: Tensor, opts: DropoutOptions = {}): Tensor {
  const op = 'dropout2d';
  const p = opts.p ?? 0.5;
  checkDropProbability(op, p);
  assertSameBackend(op, [['input', x]]);
  const training = opts.training ?? true;
  if (!training || p === 0 || x.numel() === 0) return composite(() => mul(x, 1));
  if (p === 1) return composite(() => mul(x, 0));
  if (x.ndim < 2) {
    throw new Error(`${op}: input must have a batch and a channel dimension [N, C, ...] but got shape ${formatShape(x.shape)}`);
  }
  return composite(() =>
    dropScaled(
      x,
      x.shape.map((d, i) => (i < 2 ? d : 1)),
      p,
      opts.seed,
    ),
  );
}
