import type { DType } from '../../dtype.js';
import type { Backend, BinaryOp, DataId, View } from '../backend.js';
import { broadcastView, denseView } from '../views.js';

/**
 * Indexing within planes from required kernels only: a position is picked by comparing the
 * index with 0…size−1 and selecting with `where`, so values move exactly (NaN and infinities
 * included) at the cost of a [planes, count, size] mask. Indices outside the plane match nothing.
 */

/** 0, 1, …, n−1 as a buffer of `dtype`. */
export function iota(b: Backend, n: number, dtype: DType): DataId {
  const values = dtype === 'int32' ? new Int32Array(n) : dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = i;
  return b.write(values);
}

/** mask[p, l, s] = (index[p, l] == s), int32 0/1. index: int32 [planes or 1, count]. */
export function matchMask(b: Backend, index: DataId, indexPlanes: number, planes: number, count: number, size: number): DataId {
  return withIota(b, 'eq', index, indexPlanes, planes, count, size);
}

/** out[p, l, s] = op(index[p, l], s) for s in 0…size−1, int32. index: int32 [planes or 1, count]. */
export function withIota(
  b: Backend,
  op: BinaryOp,
  index: DataId,
  indexPlanes: number,
  planes: number,
  count: number,
  size: number,
): DataId {
  const positions = iota(b, size, 'int32');
  const shape = [planes, count, size];
  const out = b.binary(
    op,
    broadcastView(denseView(index, [indexPlanes, count, 1], 'int32'), shape),
    broadcastView(denseView(positions, [1, 1, size], 'int32'), shape),
    'int32',
  );
  b.disposeData(positions);
  return out;
}

/** out[p, l] = src[p, index[p, l]] (0 where the index is outside the plane). src: [planes, size]. */
export function gatherInPlanes(b: Backend, src: DataId, index: DataId, planes: number, count: number, size: number, dtype: DType): DataId {
  const mask = matchMask(b, index, planes, planes, count, size);
  const shape = [planes, count, size];
  const picked = selectOrZero(b, mask, broadcastView(denseView(src, [planes, 1, size], dtype), shape), shape, dtype);
  b.disposeData(mask);
  const out = b.reduce('sum', denseView(picked, shape, dtype), [2]);
  b.disposeData(picked);
  return out;
}

/** out[p, s] = Σ values[p, l] over the l with index[p, l] = s. values, index: [planes, count]. */
export function scatterAddInPlanes(
  b: Backend,
  values: DataId,
  index: DataId,
  planes: number,
  count: number,
  size: number,
  dtype: DType,
): DataId {
  const mask = matchMask(b, index, planes, planes, count, size);
  const shape = [planes, count, size];
  const picked = selectOrZero(b, mask, broadcastView(denseView(values, [planes, count, 1], dtype), shape), shape, dtype);
  b.disposeData(mask);
  const out = b.reduce('sum', denseView(picked, shape, dtype), [1]);
  b.disposeData(picked);
  return out;
}

/** where(mask, values, 0) over `shape`; a DataId mask is dense int32 of that shape. */
export function selectOrZero(b: Backend, mask: DataId | View, values: View, shape: readonly number[], dtype: DType): DataId {
  const zero = b.fill(1, 0, dtype);
  const cond = 'strides' in mask ? mask : denseView(mask, shape, 'int32');
  const out = b.where(cond, values, broadcastView(denseView(zero, [], dtype), shape));
  b.disposeData(zero);
  return out;
}
