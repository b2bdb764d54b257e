import { formatShape, type Tensor, composite } from '@stride/core-tensor';
import { moments, scaleShift } from './normalize.js';

export interface LayerNormOptions {
  eps?: number;
}

/**
 * Layer normalisation over the trailing dimensions named by `normalizedShape`, as
 * torch.nn.functional.layer_norm: each sample is normalised with its own mean and biased variance
 * over those dimensions; weight and bias (shape `normalizedShape`) apply elementwise.
 */
export function layerNorm(
  x: Tensor,
  normalizedShape: number | readonly number[],
  weight?: Tensor | null,
  bias?: Tensor | null,
  opts: LayerNormOptions = {},
): Tensor {
  const { eps = 1e-5 } = opts;
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  checkArguments(x, shape, weight, bias);
  const axes = shape.map((_, i) => x.ndim - shape.length + i);
  return composite(() => {
    const { centered, invStd } = moments(x, axes, eps);
    return scaleShift(centered, invStd, weight, bias, shape);
  });
}

function checkArguments(x: Tensor, shape: readonly number[], weight: Tensor | null | undefined, bias: Tensor | null | undefined): void {
  const op = 'layerNorm';
  x.storage(op, 'input');
  if (shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new Error(`${op}: normalizedShape must be one or more positive integers but got ${formatShape(shape)}`);
  }
  const trailing = x.shape.slice(x.ndim - shape.length);
  if (x.ndim < shape.length || trailing.some((d, i) => d !== shape[i])) {
    throw new Error(
      `${op}: normalizedShape is ${formatShape(shape)} but input has shape ${formatShape(x.shape)} (expected input [*, ${shape.join(', ')}])`,
    );
  }
  for (const [arg, t] of [
    ['weight', weight],
    ['bias', bias],
  ] as const) {
    if (!t) continue;
    t.storage(op, arg);
    if (t.ndim !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new Error(`${op}: ${arg} has shape ${formatShape(t.shape)} but normalizedShape is ${formatShape(shape)} (expected equal)`);
    }
  }
}
