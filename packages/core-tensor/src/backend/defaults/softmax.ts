import type { Backend, DataId, Dense } from '../backend.js';
import { broadcastView, denseView } from '../views.js';

/** Softmax along one axis, shifted by the maximum so exp never overflows. */
export function softmax(b: Backend, x: Dense, axis: number): DataId {
  const { shifted, exps, sum, expand } = shiftedExpSum(b, x, axis);
  const out = b.binary('div', denseView(exps, x.shape, x.dtype), expand(sum), x.dtype);
  for (const id of [shifted, exps, sum]) b.disposeData(id);
  return out;
}

export function logSoftmax(b: Backend, x: Dense, axis: number): DataId {
  const { shifted, exps, sum, reducedShape, expand } = shiftedExpSum(b, x, axis);
  const logSum = b.unary('log', denseView(sum, reducedShape, x.dtype));
  const out = b.binary('sub', denseView(shifted, x.shape, x.dtype), expand(logSum), x.dtype);
  for (const id of [shifted, exps, sum, logSum]) b.disposeData(id);
  return out;
}

function shiftedExpSum(b: Backend, x: Dense, axis: number) {
  const xv = denseView(x.id, x.shape, x.dtype);
  const reducedShape = x.shape.map((d, i) => (i === axis ? 1 : d));
  const max = b.reduce('max', xv, [axis]);
  const shifted = b.binary('sub', xv, broadcastView(denseView(max, reducedShape, x.dtype), x.shape), x.dtype);
  b.disposeData(max);
  const exps = b.unary('exp', denseView(shifted, x.shape, x.dtype));
  const sum = b.reduce('sum', denseView(exps, x.shape, x.dtype), [axis]);
  const expand = (id: DataId) => broadcastView(denseView(id, reducedShape, x.dtype), x.shape);
  return { shifted, exps, sum, reducedShape, expand };
}
