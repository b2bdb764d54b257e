import type { DType } from '../dtype.js';
import { contiguousStrides, type Shape } from '../shape.js';
import type { DataId, View } from './backend.js';

/** The dense, row-major view of a whole buffer. */
export function denseView(id: DataId, shape: Shape, dtype: DType): View {
  return { id, shape, dtype, strides: contiguousStrides(shape), offset: 0 };
}

/** Views `v` as `shape`, broadcasting from the right with zero strides (no copy). */
export function broadcastView(v: View, shape: Shape): View {
  const lead = shape.length - v.shape.length;
  const strides = shape.map((d, i) => {
    const j = i - lead;
    if (j < 0) return 0;
    return v.shape[j] === 1 && d !== 1 ? 0 : v.strides[j]!;
  });
  return { id: v.id, shape, dtype: v.dtype, strides, offset: v.offset };
}

/** Reorders a view's axes (no copy). */
export function permuteView(v: View, order: readonly number[]): View {
  return {
    id: v.id,
    dtype: v.dtype,
    offset: v.offset,
    shape: order.map((i) => v.shape[i]!),
    strides: order.map((i) => v.strides[i]!),
  };
}
