import { allocate, type TypedArray } from '../../dtype.js';
import type { AvgPoolOptions, Backend, ConvGeometry, DataId, Dense, Pool3dGeometry } from '../backend.js';
import type { DefaultKernel } from './default-kernel.js';
import { broadcastView, denseView } from '../views.js';
import { iota, scatterAddInPlanes, selectOrZero } from './plane-index.js';
import { volumeGeometry, windowAverage, windowAverageBackward } from './avg-pool.js';

/**
 * 3-D pooling from required kernels: im2col over single-channel volumes lays every window out as
 * a column of taps in scan order (d, h, w). Taps outside the input read 0 there, so max pooling
 * masks them with −∞ and picks the first in-range tap equal to the max (PyTorch's tie rule).
 */
export const maxPool3d: DefaultKernel<'maxPool3d'> = (b, x, g) => {
  const conv = volumeGeometry(g);
  const [planes, taps, l] = [conv.batch, tapsOf(g), positionsOf(g)];
  const shape = [planes, taps, l];
  const cols = b.im2col(x, conv);
  const inRange = inRangeTaps(b, g, conv);
  const minusInf = b.fill(1, -Infinity, x.dtype);
  const values = b.where(
    broadcastView(denseView(inRange, [1, taps, l], 'int32'), shape),
    denseView(cols, shape, x.dtype),
    broadcastView(denseView(minusInf, [], x.dtype), shape),
  );
  b.disposeData(minusInf);
  b.disposeData(cols);
  const out = b.reduce('max', denseView(values, shape, x.dtype), [1]);
  // The first in-range tap holding the max, or the first NaN (which the max propagates).
  const equal = b.binary('eq', denseView(values, shape, x.dtype), broadcastView(denseView(out, [planes, 1, l], x.dtype), shape), 'int32');
  const nan = b.binary('ne', denseView(values, shape, x.dtype), denseView(values, shape, x.dtype), 'int32');
  const hits = b.binary('maximum', denseView(equal, shape, 'int32'), denseView(nan, shape, 'int32'), 'int32');
  const hitsInRange = selectOrZero(
    b,
    broadcastView(denseView(inRange, [1, taps, l], 'int32'), shape),
    denseView(hits, shape, 'int32'),
    shape,
    'int32',
  );
  const tap = b.argReduce('argmax', denseView(hitsInRange, shape, 'int32'), 1);
  for (const id of [values, equal, nan, hits, hitsInRange]) b.disposeData(id);
  const argmax = tapPositions(b, tap, g, conv);
  b.disposeData(inRange);
  b.disposeData(tap);
  return { out, argmax };
};

export const maxPool3dBackward: DefaultKernel<'maxPool3dBackward'> = (b, dy, argmax, g) => {
  const volume = g.inSize[0] * g.inSize[1] * g.inSize[2];
  return scatterAddInPlanes(b, dy.id, argmax.id, g.batch * g.channels, positionsOf(g), volume, dy.dtype);
};

/** Average pooling as im2col over single-channel volumes, a sum, and PyTorch's per-window divisor. */
export const avgPool3d: DefaultKernel<'avgPool3d'> = (b, x, g, opts) =>
  windowAverage(b, x, volumeGeometry(g), reciprocalDivisors3d(g, opts, x.dtype));

export const avgPool3dBackward: DefaultKernel<'avgPool3dBackward'> = (b, dy, g, opts) =>
  windowAverageBackward(b, dy, volumeGeometry(g), reciprocalDivisors3d(g, opts, dy.dtype));

const tapsOf = (g: Pool3dGeometry) => g.kernel[0] * g.kernel[1] * g.kernel[2];
const positionsOf = (g: Pool3dGeometry) => g.outSize[0] * g.outSize[1] * g.outSize[2];

/** int32 [taps, L]: 1 where the tap lies inside the input (im2col of a volume of ones). */
function inRangeTaps(b: Backend, g: Pool3dGeometry, conv: ConvGeometry): DataId {
  const volume = g.inSize[0] * g.inSize[1] * g.inSize[2];
  const ones = b.fill(volume, 1, 'float32');
  const cols = b.im2col({ id: ones, shape: [1, 1, ...g.inSize], dtype: 'float32' }, { ...conv, batch: 1 });
  b.disposeData(ones);
  const mask = b.cast(denseView(cols, [tapsOf(g), positionsOf(g)], 'float32'), 'int32');
  b.disposeData(cols);
  return mask;
}

/** The flat in-volume index d·H·W + h·W + w of each output's chosen tap (im2col of the indices). */
function tapPositions(b: Backend, tap: DataId, g: Pool3dGeometry, conv: ConvGeometry): DataId {
  const planes = g.batch * g.channels;
  const [taps, l] = [tapsOf(g), positionsOf(g)];
  const volume = g.inSize[0] * g.inSize[1] * g.inSize[2];
  const numbers = iota(b, volume, 'float32');
  const cols = b.im2col({ id: numbers, shape: [1, 1, ...g.inSize], dtype: 'float32' }, { ...conv, batch: 1 });
  b.disposeData(numbers);
  const positions = b.cast(denseView(cols, [taps, l], 'float32'), 'int32');
  b.disposeData(cols);
  const shape = [planes, taps, l];
  const tapNumbers = iota(b, taps, 'int32');
  const chosen = b.binary(
    'eq',
    broadcastView(denseView(tapNumbers, [1, taps, 1], 'int32'), shape),
    broadcastView(denseView(tap, [planes, 1, l], 'int32'), shape),
    'int32',
  );
  const picked = selectOrZero(b, chosen, broadcastView(denseView(positions, [1, taps, l], 'int32'), shape), shape, 'int32');
  for (const id of [tapNumbers, chosen, positions]) b.disposeData(id);
  const argmax = b.reduce('sum', denseView(picked, shape, 'int32'), [1]);
  b.disposeData(picked);
  return argmax;
}

/** PyTorch's avg_pool3d divisor per output position, as reciprocals of `dtype`. */
export function reciprocalDivisors3d(g: Pool3dGeometry, opts: AvgPoolOptions, dtype: Dense['dtype']): TypedArray {
  const [od, oh, ow] = g.outSize;
  const out = allocate(dtype, od * oh * ow);
  for (let i = 0; i < od; i++) {
    for (let j = 0; j < oh; j++) {
      for (let k = 0; k < ow; k++) out[(i * oh + j) * ow + k] = 1 / avgPool3dDivisor(g, opts, [i, j, k]);
    }
  }
  return out;
}

/** The window clipped to the padded input when padding counts, else to the input; divisorOverride replaces both. */
export function avgPool3dDivisor(g: Pool3dGeometry, opts: AvgPoolOptions, at: readonly [number, number, number]): number {
  if (opts.divisorOverride !== undefined) return opts.divisorOverride;
  let padded = 1;
  let inside = 1;
  for (let d = 0; d < 3; d++) {
    const start = at[d]! * g.stride[d]! - g.padding[d]!;
    const end = Math.min(start + g.kernel[d]!, g.inSize[d]! + g.padding[d]!);
    padded *= end - start;
    inside *= Math.min(end, g.inSize[d]!) - Math.max(start, 0);
  }
  return opts.countIncludePad ? padded : inside;
}
