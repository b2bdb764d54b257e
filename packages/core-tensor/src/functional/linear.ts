import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { formatShape } from '../shape.js';
import { assertSameBackend } from '../ops/checks.js';
import { add } from '../ops/elementwise.js';
import { matmul } from '../ops/matmul.js';
import { transpose } from '../ops/shape-ops.js';

/** y = x·Wᵀ + b with weight [out, in] as PyTorch; x may have any leading dims. */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  assertSameBackend('linear', [
    ['input', x],
    ['weight', weight],
    ['bias', bias],
  ]);
  if (weight.ndim !== 2) throw new Error(`linear: weight must be 2-D [out, in] but got shape ${formatShape(weight.shape)}`);
  const inFeatures = weight.shape[1]!;
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== inFeatures) {
    throw new Error(
      `linear: input has ${x.shape[x.ndim - 1] ?? 0} features (shape ${formatShape(x.shape)}) but weight ${formatShape(weight.shape)} expects ${inFeatures}`,
    );
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== weight.shape[0])) {
    throw new Error(`linear: bias has shape ${formatShape(bias.shape)} but expected [${weight.shape[0]}]`);
  }
  return composite(() => {
    const y = matmul(x, transpose(weight, 0, 1));
    return bias ? add(y, bias) : y;
  });
}
