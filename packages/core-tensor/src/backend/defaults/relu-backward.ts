import type { Backend, OptionalKernels, View } from '../backend.js';
import { broadcastView, denseView } from '../views.js';

/** where(x > 0, dy, 0): NaN inputs pass no gradient, as the composed ops did. */
export function reluBackward(b: Backend, x: View, dy: View): ReturnType<OptionalKernels['reluBackward']> {
  const zeroOf = (dtype: typeof x.dtype) => b.fill(1, 0, dtype);
  const [xZero, dyZero] = [zeroOf(x.dtype), zeroOf(dy.dtype)];
  const mask = b.binary('gt', x, broadcastView(denseView(xZero, [], x.dtype), x.shape), 'int32');
  const out = b.where(denseView(mask, x.shape, 'int32'), dy, broadcastView(denseView(dyZero, [], dy.dtype), dy.shape));
  for (const id of [xZero, dyZero, mask]) b.disposeData(id);
  return out;
}
