import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { add, compare, div, erf, exp, mul, relu, sigmoid, tanh, where, log, sub, minimum, maximum } from '../ops/elementwise.js';
import { softmax, logSoftmax } from '../ops/softmax.js';
import { assertSameBackend } from '../ops/checks.js';

export { relu, sigmoid, tanh, softmax, logSoftmax };

/** x for x > 0, negativeSlope·x otherwise. */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  assertLive('leakyRelu', x);
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
  assertLive('gelu', x);
  return composite(() => {
    if (approximate === 'tanh') {
      const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
      return mul(mul(x, 0.5), add(tanh(inner), 1));
    }
    return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
  });
}

/**
 * x for x > 0, α(eˣ − 1) otherwise. At x = 0 PyTorch takes the second branch, gradient α, so the
 * exponent is masked with `where` (gradient 1 at 0) rather than `minimum` (which would split it).
 */
export function elu(x: Tensor, alpha = 1): Tensor {
  assertLive('elu', x);
  return composite(() => {
    const positive = compare('gt', x, 0);
    return where(positive, x, mul(add(exp(where(positive, 0, x)), -1), alpha));
  });
}

/** x·sigmoid(x), also called swish. */
export function silu(x: Tensor): Tensor {
  assertLive('silu', x);
  return composite(() => mul(x, sigmoid(x)));
}

/**
 * log(1 + e^(βx))/β, and x itself where βx > threshold (PyTorch's switch to the linear branch
 * for numerical stability). log(1 + eᶻ) is computed as max(z, 0) + log(1 + e^−|z|) so that no
 * input overflows; |z| is max(z, 0) − min(z, 0), whose tied gradients cancel at z = 0.
 */
export function softplus(x: Tensor, opts: { beta?: number; threshold?: number } = {}): Tensor {
  const beta = opts.beta ?? 1;
  const threshold = opts.threshold ?? 20;
  assertLive('softplus', x);
  return composite(() => {
    const z = mul(x, beta);
    const [above, below] = [maximum(z, 0), minimum(z, 0)];
    const smooth = div(add(above, log(add(exp(sub(below, above)), 1))), beta);
    return where(compare('gt', z, threshold), x, smooth);
  });
}

/**
 * min(max(x, 0), 6) with PyTorch's (hardtanh's) gradient, 0 at both x = 0 and x = 6; NaN stays
 * NaN, as relu leaves it.
 */
export function relu6(x: Tensor): Tensor {
  assertLive('relu6', x);
  return composite(() => where(compare('ge', x, 6), 6, relu(x)));
}

/** A composite op checks its input once, so a disposed tensor is reported under the op's own name. */
function assertLive(op: string, x: Tensor): void {
  assertSameBackend(op, [['input', x]]);
}
