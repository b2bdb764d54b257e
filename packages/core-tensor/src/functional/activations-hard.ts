import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { add, compare, div, mul, where } from '../ops/elementwise.js';
import { assertSameBackend } from '../ops/checks.js';

/**
 * x·relu6(x + 3)/6 (MobileNetV3). Written piecewise so that autograd gives torch 1.13's gradient
 * exactly, kinks included: 0 below −3, x/3 + ½ on [−3, 3] (so −½ at −3 and 3/2 at 3), 1 above 3.
 */
export function hardswish(x: Tensor): Tensor {
  assertSameBackend('hardswish', [['input', x]]);
  return composite(() => where(compare('lt', x, -3), 0, where(compare('le', x, 3), div(mul(x, add(x, 3)), 6), x)));
}

/**
 * relu6(x + 3)/6. torch 1.13's gradient is 1/6 strictly inside (−3, 3) and 0 elsewhere, both
 * breakpoints included, which the constant branches give.
 */
export function hardsigmoid(x: Tensor): Tensor {
  assertSameBackend('hardsigmoid', [['input', x]]);
  return composite(() => where(compare('le', x, -3), 0, where(compare('ge', x, 3), 1, div(add(x, 3), 6))));
}
