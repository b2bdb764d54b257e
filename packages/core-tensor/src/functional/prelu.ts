import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { formatShape } from '../shape.js';
import { compare, mul, where } from '../ops/elementwise.js';
import { assertSameBackend } from '../ops/checks.js';
import { reshape } from '../ops/shape-ops.js';

/**
 * x for x > 0, weight·x otherwise, with one weight for all channels or one per channel (dim 1;
 * torch counts a 0- or 1-D input as one channel). At x = 0 torch takes the negative branch: the
 * input's gradient is weight and the weight's is 0, which `where` on x > 0 gives.
 */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  assertSameBackend('prelu', [
    ['input', x],
    ['weight', weight],
  ]);
  if (x.dtype === 'int32' || weight.dtype === 'int32') {
    throw new Error(`prelu: input and weight must be floating point but got ${x.dtype} input and ${weight.dtype} weight`);
  }
  if (weight.ndim > 1) throw new Error(`prelu: weight must be a scalar or 1-D tensor but got shape ${formatShape(weight.shape)}`);
  const channels = x.ndim >= 2 ? x.shape[1]! : 1;
  const count = weight.numel();
  if (count !== 1 && count !== channels) {
    throw new Error(
      `prelu: weight has ${count} parameters but input of shape ${formatShape(x.shape)} has ${channels} channel${channels === 1 ? '' : 's'} ` +
        `(expected 1 or ${channels})`,
    );
  }
  return composite(() => {
    const slope = count === 1 ? reshape(weight, []) : reshape(weight, [1, channels, ...x.shape.slice(2).map(() => 1)]);
    return where(compare('gt', x, 0), x, mul(slope, x));
  });
}
