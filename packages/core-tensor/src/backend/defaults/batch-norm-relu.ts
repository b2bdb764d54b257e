import type { Backend, Dense, OptionalKernels } from '../backend.js';
import { denseView } from '../views.js';

/** The backend's batchNormForward, then its relu kernel on the output. */
export function batchNormReluForward(
  b: Backend,
  x: Dense,
  weight: Dense | null,
  bias: Dense | null,
  eps: number,
): ReturnType<OptionalKernels['batchNormReluForward']> {
  const normalized = b.batchNormForward(x, weight, bias, eps);
  const out = b.unary('relu', denseView(normalized.out, x.shape, x.dtype));
  b.disposeData(normalized.out);
  return { ...normalized, out };
}

/** The backend's reluBackward (dy where out > 0), then its batchNormBackward. */
export function batchNormReluBackward(
  b: Backend,
  x: Dense,
  out: Dense,
  dy: Dense,
  mean: Dense,
  invStd: Dense,
  weight: Dense | null,
): ReturnType<OptionalKernels['batchNormReluBackward']> {
  const masked = b.reluBackward(denseView(out.id, out.shape, out.dtype), denseView(dy.id, dy.shape, dy.dtype));
  try {
    return b.batchNormBackward(x, { id: masked, shape: dy.shape, dtype: dy.dtype }, mean, invStd, weight);
  } finally {
    b.disposeData(masked);
  }
}
