import type { DType } from '../../dtype.js';
import { contiguousStrides, type Shape } from '../../shape.js';
import type { Backend, BlurPoolGeometry, DataId, Dense, InterpolateGeometry, OptionalKernels, PadModeGeometry, View } from '../backend.js';
import { blurPoolPlan, interpolatePlan, padModePlan, type ResampleAxis, type ResamplePlan } from '../resample-plan.js';
import { broadcastView, denseView } from '../views.js';

export const padMode = (b: Backend, x: Dense, g: PadModeGeometry): ReturnType<OptionalKernels['padMode']> => resample(b, x, padModePlan(g));
export const padModeBackward = (b: Backend, dy: Dense, g: PadModeGeometry): ReturnType<OptionalKernels['padModeBackward']> =>
  resampleBackward(b, dy, g.inShape, padModePlan(g));
export const interpolate = (b: Backend, x: Dense, g: InterpolateGeometry): ReturnType<OptionalKernels['interpolate']> =>
  resample(b, x, interpolatePlan(g, x.dtype));
export const interpolateBackward = (b: Backend, dy: Dense, g: InterpolateGeometry): ReturnType<OptionalKernels['interpolateBackward']> =>
  resampleBackward(b, dy, [g.batch, g.channels, ...g.inSize], interpolatePlan(g, dy.dtype));
export const blurPool2d = (b: Backend, x: Dense, g: BlurPoolGeometry): ReturnType<OptionalKernels['blurPool2d']> =>
  resample(b, x, blurPoolPlan(g));
export const blurPool2dBackward = (b: Backend, dy: Dense, g: BlurPoolGeometry): ReturnType<OptionalKernels['blurPool2dBackward']> =>
  resampleBackward(b, dy, [g.batch, g.channels, ...g.inSize], blurPoolPlan(g));

/**
 * A separable map from required kernels only, one axis at a time, innermost first: each tap's
 * source positions are gathered as strided copies of runs (i, i+1, … or i, i, …) joined by
 * concat, so values are moved, not multiplied by one-hot matrices (which would spread one
 * infinity over a whole row), and memory stays that of the output.
 */
export function resample(b: Backend, x: Dense, plan: ResamplePlan): DataId {
  const lead = x.shape.length - plan.axes.length;
  let current: Dense = x;
  for (let a = plan.axes.length - 1; a >= 0; a--) {
    const next = resampleAxis(b, current, lead + a, plan.axes[a]!);
    if (current !== x) b.disposeData(current.id);
    current = next;
  }
  return current === x ? b.copy(denseView(x.id, x.shape, x.dtype)) : current.id;
}

/** The adjoint: outermost axis first, each tap's values summed back onto the positions it read. */
export function resampleBackward(b: Backend, dy: Dense, inShape: Shape, plan: ResamplePlan): DataId {
  const lead = inShape.length - plan.axes.length;
  let current: Dense = dy;
  for (let a = 0; a < plan.axes.length; a++) {
    const next = resampleAxisBackward(b, current, lead + a, plan.axes[a]!);
    if (current !== dy) b.disposeData(current.id);
    current = next;
  }
  return current === dy ? b.copy(denseView(dy.id, dy.shape, dy.dtype)) : current.id;
}

function resampleAxis(b: Backend, x: Dense, dim: number, axis: ResampleAxis): Dense {
  const shape = x.shape.map((d, i) => (i === dim ? axis.outSize : d));
  let acc: DataId | null = null;
  for (let t = 0; t < axis.taps; t++) {
    const index = tapIndices(axis, t);
    let term = gatherAxis(b, x, dim, index);
    if (axis.weight) term = swap(b, term, weighted(b, term, shape, dim, tapWeights(axis, t), x.dtype));
    acc = acc === null ? term : swap(b, term, sumInto(b, acc, term, shape, x.dtype));
  }
  return { id: acc!, shape, dtype: x.dtype };
}

function resampleAxisBackward(b: Backend, dy: Dense, dim: number, axis: ResampleAxis): Dense {
  const shape = dy.shape.map((d, i) => (i === dim ? axis.inSize : d));
  let acc: DataId | null = null;
  for (let t = 0; t < axis.taps; t++) {
    const scaled = axis.weight ? weighted(b, dy.id, dy.shape, dim, tapWeights(axis, t), dy.dtype) : dy.id;
    const term = scatterAxis(b, { id: scaled, shape: dy.shape, dtype: dy.dtype }, dim, tapIndices(axis, t), axis.inSize);
    if (scaled !== dy.id) b.disposeData(scaled);
    acc = acc === null ? term : swap(b, term, sumInto(b, acc, term, shape, dy.dtype));
  }
  return { id: acc!, shape, dtype: dy.dtype };
}

/** Disposes `old` and returns `next`, for accumulators rebuilt each step. */
function swap(b: Backend, old: DataId, next: DataId): DataId {
  b.disposeData(old);
  return next;
}

function sumInto(b: Backend, acc: DataId, term: DataId, shape: Shape, dtype: DType): DataId {
  const out = b.binary('add', denseView(acc, shape, dtype), denseView(term, shape, dtype), dtype);
  b.disposeData(acc);
  return out;
}

/** term · w, with w one weight per position along `dim`. */
function weighted(b: Backend, term: DataId, shape: Shape, dim: number, w: Float64Array, dtype: DType): DataId {
  const weights = b.write(dtype === 'float64' ? w : Float32Array.from(w));
  const along = shape.map((d, i) => (i === dim ? d : 1));
  const out = b.binary('mul', denseView(term, shape, dtype), broadcastView(denseView(weights, along, dtype), shape), dtype);
  b.disposeData(weights);
  return out;
}

const tapIndices = (axis: ResampleAxis, t: number) => Int32Array.from({ length: axis.outSize }, (_, o) => axis.index[o * axis.taps + t]!);
const tapWeights = (axis: ResampleAxis, t: number) =>
  Float64Array.from({ length: axis.outSize }, (_, o) => axis.weight![o * axis.taps + t]!);

/** Consecutive output positions whose sources step by +1 ('run'), repeat one position ('repeat'), or are absent. */
interface Run {
  readonly from: number;
  readonly length: number;
  readonly source: number;
  readonly kind: 'run' | 'repeat' | 'none';
}

function runsOf(index: Int32Array): Run[] {
  const runs: Run[] = [];
  let o = 0;
  while (o < index.length) {
    const source = index[o]!;
    const next = index[o + 1];
    const kind = source < 0 ? 'none' : next === source ? 'repeat' : 'run';
    let end = o + 1;
    const step = kind === 'run' ? 1 : 0;
    while (end < index.length && (kind === 'none' ? index[end]! < 0 : index[end] === source + step * (end - o))) end++;
    runs.push({ from: o, length: end - o, source, kind });
    o = end;
  }
  return runs;
}

/** x's positions `index` along `dim` (−1: zeros), as copies of runs joined by one concat. */
function gatherAxis(b: Backend, x: Dense, dim: number, index: Int32Array): DataId {
  const strides = contiguousStrides(x.shape);
  const pieces = runsOf(index).map((r) => {
    const shape = x.shape.map((d, i) => (i === dim ? r.length : d));
    if (r.kind === 'none')
      return {
        id: b.fill(
          shape.reduce((p, d) => p * d, 1),
          0,
          x.dtype,
        ),
        shape,
        dtype: x.dtype,
      };
    const view: View = {
      id: x.id,
      dtype: x.dtype,
      shape,
      strides: strides.map((s, i) => (i === dim && r.kind === 'repeat' ? 0 : s)),
      offset: r.source * strides[dim]!,
    };
    return { id: b.copy(view), shape, dtype: x.dtype };
  });
  if (pieces.length === 1) return pieces[0]!.id;
  const out = b.concat(pieces, dim);
  for (const p of pieces) b.disposeData(p.id);
  return out;
}

/** The adjoint of gatherAxis: each run's values summed back onto the `n` positions it read. */
function scatterAxis(b: Backend, dy: Dense, dim: number, index: Int32Array, n: number): DataId {
  const strides = contiguousStrides(dy.shape);
  const shape = dy.shape.map((d, i) => (i === dim ? n : d));
  let acc = b.fill(
    shape.reduce((p, d) => p * d, 1),
    0,
    dy.dtype,
  );
  for (const r of runsOf(index)) {
    if (r.kind === 'none') continue;
    const pieceShape = dy.shape.map((d, i) => (i === dim ? r.length : d));
    const piece = b.copy({ id: dy.id, dtype: dy.dtype, shape: pieceShape, strides, offset: r.from * strides[dim]! });
    let part = piece;
    let partShape = pieceShape;
    if (r.kind === 'repeat') {
      part = b.reduce('sum', denseView(piece, pieceShape, dy.dtype), [dim]);
      partShape = pieceShape.map((d, i) => (i === dim ? 1 : d));
      b.disposeData(piece);
    }
    const width = partShape[dim]!;
    const pads = shape.map((_, i): [number, number] => (i === dim ? [r.source, n - r.source - width] : [0, 0]));
    const placed = b.pad({ id: part, shape: partShape, dtype: dy.dtype }, pads, 0);
    b.disposeData(part);
    acc = swap(b, placed, sumInto(b, acc, placed, shape, dy.dtype));
  }
  return acc;
}
