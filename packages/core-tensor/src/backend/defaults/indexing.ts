import type { Backend, DataId, Dense, OptionalKernels, ScatterMode, View } from '../backend.js';
import { contiguousStrides, sizeOf, type Shape } from '../../shape.js';
import { broadcastView, denseView } from '../views.js';

/*
 * Indexing from required kernels only: every (position, candidate) pair is compared at once,
 * `index == j`, over a tensor one axis larger than the result, then the matches are selected
 * with `where` and folded with a sum (or a max, for scatter's last write). Correct on every
 * backend, with O(result · candidates) memory: a backend's own loops are what make it fast.
 * Indices out of range match no candidate, so they read 0 or are skipped.
 */

/** torch.gather: out[…] = x[… index …] along `axis`; out has index's shape. */
export function gather(b: Backend, x: Dense, index: Dense, axis: number): ReturnType<OptionalKernels['gather']> {
  return selectAlong(b, x, denseView(index.id, index.shape, 'int32'), axis);
}

/** torch.index_select: index is 1-D, so it broadcasts over every other axis of the result. */
export function indexSelect(b: Backend, x: Dense, index: Dense, axis: number): ReturnType<OptionalKernels['indexSelect']> {
  const shape = x.shape.map((d, i) => (i === axis ? index.shape[0]! : d));
  const strides = shape.map((_, i) => (i === axis ? 1 : 0));
  return selectAlong(b, x, { id: index.id, shape, dtype: 'int32', strides, offset: 0 }, axis);
}

/** torch.scatter (replace) and scatter_add (add). */
export function scatter(
  b: Backend,
  x: Dense,
  index: Dense,
  src: Dense,
  axis: number,
  mode: ScatterMode,
): ReturnType<OptionalKernels['scatter']> {
  return scatterAlong(b, x, denseView(index.id, index.shape, 'int32'), denseView(src.id, src.shape, src.dtype), axis, mode);
}

/** torch.index_add: each slice of src (src is x's shape but index's length along `axis`) added at its index. */
export function indexAdd(b: Backend, x: Dense, index: Dense, src: Dense, axis: number): ReturnType<OptionalKernels['indexAdd']> {
  const strides = src.shape.map((_, i) => (i === axis ? 1 : 0));
  const indexView: View = { id: index.id, shape: src.shape, dtype: 'int32', strides, offset: 0 };
  return scatterAlong(b, x, indexView, denseView(src.id, src.shape, src.dtype), axis, 'add');
}

/**
 * out (index's shape) = Σ_j where(index == j, x[… j …], 0) over the candidates j along `axis`,
 * computed on [...out, n] with j last.
 */
function selectAlong(b: Backend, x: Dense, index: View, axis: number): DataId {
  const n = x.shape[axis]!;
  const shape = [...index.shape, n];
  const rank = index.shape.length;
  const temps: DataId[] = [];
  const made = (id: DataId) => temps[temps.push(id) - 1]!;
  try {
    const indices: View = { ...index, shape, strides: [...index.strides, 0] };
    const mask = made(b.binary('eq', indices, positions(b, temps, shape, rank), 'int32'));
    const zero = broadcastView(denseView(made(b.fill(1, 0, x.dtype)), [], x.dtype), shape);
    const picked = made(b.where(denseView(mask, shape, 'int32'), xView(x, shape, axis), zero));
    return b.reduce('sum', denseView(picked, shape, x.dtype), [rank]);
  } finally {
    for (const id of temps) b.disposeData(id);
  }
}

/** x's elements along `shape` = [...out, n]: out's coordinates off the axis, the candidate j last. */
function xView(x: Dense, shape: Shape, axis: number): View {
  const xStrides = contiguousStrides(x.shape);
  const strides = x.shape.map((_, i) => (i === axis ? 0 : xStrides[i]!));
  return { id: x.id, shape, dtype: x.dtype, strides: [...strides, xStrides[axis]!], offset: 0 };
}

/** 0, 1, …, shape[axis] − 1 along `axis` of `shape`, broadcast over the rest (int32). */
function positions(b: Backend, temps: DataId[], shape: Shape, axis: number): View {
  const id = b.write(Int32Array.from({ length: shape[axis]! }, (_, j) => j));
  temps.push(id);
  return { id, shape, dtype: 'int32', strides: shape.map((_, i) => (i === axis ? 1 : 0)), offset: 0 };
}

/**
 * Scatter over the region of x that index covers ([...region, m]: the region's coordinates, index's
 * entries along the axis last), then padded back to x's shape. `add` sums the matches; `replace`
 * takes the match with the largest entry number, the last write.
 */
function scatterAlong(b: Backend, x: Dense, index: View, src: View, axis: number, mode: ScatterMode): DataId {
  const m = index.shape[axis]!;
  const xDense = denseView(x.id, x.shape, x.dtype);
  if (m === 0 || sizeOf(index.shape) === 0) return b.copy(xDense);
  const region = index.shape.map((d, i) => (i === axis ? x.shape[axis]! : d));
  const rank = region.length;
  const shape = [...region, m];
  const alongEntries = (v: View): View => ({
    ...v,
    shape,
    strides: [...v.strides.map((s, i) => (i === axis ? 0 : s)), v.strides[axis]!],
  });
  const temps: DataId[] = [];
  const made = (id: DataId) => temps[temps.push(id) - 1]!;
  try {
    const mask = made(b.binary('eq', alongEntries(index), positions(b, temps, shape, axis), 'int32'));
    const zero = broadcastView(denseView(made(b.fill(1, 0, x.dtype)), [], x.dtype), shape);
    const pads = region.map((d, i): [number, number] => [0, x.shape[i]! - d]);
    const padded = (id: DataId, dtype: Dense['dtype']) => made(b.pad({ id, shape: region, dtype }, pads, 0));
    if (mode === 'add') {
      const matched = made(b.where(denseView(mask, shape, 'int32'), alongEntries(src), zero));
      const sums = made(b.reduce('sum', denseView(matched, shape, x.dtype), [rank]));
      return b.binary('add', xDense, denseView(padded(sums, x.dtype), x.shape, x.dtype), x.dtype);
    }
    // Entry numbers 1…m where an entry matches (0 elsewhere): the largest is the last write.
    const entry = positions(b, temps, shape, rank);
    const one = broadcastView(denseView(made(b.fill(1, 1, 'int32')), [], 'int32'), shape);
    const numbers = made(b.binary('add', entry, one, 'int32'));
    const zeroInt = broadcastView(denseView(made(b.fill(1, 0, 'int32')), [], 'int32'), shape);
    const scored = made(b.where(denseView(mask, shape, 'int32'), denseView(numbers, shape, 'int32'), zeroInt));
    const last = made(b.reduce('max', denseView(scored, shape, 'int32'), [rank]));
    const lastAlong = broadcastView(denseView(last, [...region, 1], 'int32'), shape);
    const isLast = made(b.binary('eq', denseView(numbers, shape, 'int32'), lastAlong, 'int32'));
    const chosen = made(b.where(denseView(isLast, shape, 'int32'), alongEntries(src), zero));
    const values = made(b.reduce('sum', denseView(chosen, shape, x.dtype), [rank]));
    const hit = made(b.binary('gt', denseView(last, region, 'int32'), broadcastView(denseView(zeroInt.id, [], 'int32'), region), 'int32'));
    return b.where(denseView(padded(hit, 'int32'), x.shape, 'int32'), denseView(padded(values, x.dtype), x.shape, x.dtype), xDense);
  } finally {
    for (const id of temps) b.disposeData(id);
  }
}
