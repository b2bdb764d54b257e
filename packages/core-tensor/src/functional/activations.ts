import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { add, compare, erf, exp, mul, relu, sigmoid, tanh, where, log, neg, minimum, maximum } from '../ops/elementwise.js';
import { softmax, logSoftmax } from '../ops/softmax.js';

export { relu, sigmoid, tanh, softmax, logSoftmax };

/** x for x > 0, negativeSlope·x otherwise. */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return composite(() => where(compare('gt', x, 0), x, mul(x, negativeSlope)));
}

/**
 * GELU. 'none': x·Φ(x) with Φ(x) = ½(1 + erf(x/√2)). 'tanh': ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
 * Both are compositions, so autograd derives their gradients.
 */
export function gelu(x: Tensor, opts: { approximate?: 'none' | 'tanh' } = {}): Tensor {
  const approximate = opts.approximate ?? 'none';
  if (approximate !== 'none' && approximate !== 'tanh') {
    throw new Error(`gelu: approximate must be 'none' or 'tanh' but got '${String(approximate)}'`);
  }
  return composite(() => {
    if (approximate === 'tanh') {
      const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
      return mul(mul(x, 0.5), add(tanh(inner), 1));
    }
    return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
  });
}

/** x for x > 0, α(eˣ − 1) otherwise. */
export function elu(x: Tensor, alpha = 1): Tensor {
  return composite(() => where(compare('gt', x, 0), x, mul(add(exp(minimum(x, 0)), -1), alpha)));
}

/** x·sigmoid(x), also called swish. */
export function silu(x: Tensor): Tensor {
  return composite(() => mul(x, sigmoid(x)));
}

/** log(1 + eˣ), computed as max(x, 0) + log(1 + e^(−|x|)) so large inputs do not overflow. */
export function softplus(x: Tensor): Tensor {
  return composite(() => add(maximum(x, 0), log(add(exp(neg(add(maximum(x, 0), neg(minimum(x, 0))))), 1))));
}

export function relu6(x: Tensor): Tensor {
  return composite(() => minimum(relu(x), 6));
}
