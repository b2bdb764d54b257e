import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { mul, tanh } from '../ops/elementwise.js';
import { assertSameBackend } from '../ops/checks.js';
import { elu, softplus } from './activations.js';

// torch's constants (Klambauer et al. 2017, aten/src/ATen/native/Activation.cpp), to double precision.
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** scale·elu(x, α): at x = 0 the negative branch, gradient scale·α, as torch's elu kernel. */
export function selu(x: Tensor): Tensor {
  assertSameBackend('selu', [['input', x]]);
  return composite(() => mul(elu(x, SELU_ALPHA), SELU_SCALE));
}

/** x·tanh(softplus(x)) (Misra 2019); smooth, so autograd's gradient is torch's. */
export function mish(x: Tensor): Tensor {
  assertSameBackend('mish', [['input', x]]);
  return composite(() => mul(x, tanh(softplus(x))));
}
