import type { TypedArray } from '@stride/core-tensor';
import {
  blurPoolPlan,
  interpolatePlan,
  padModePlan,
  type OptionalKernels,
  type ResampleAxis,
  type ResamplePlan,
} from '@stride/core-tensor/backend';
import { store, uninitialized, valuesOf } from '../storage.js';

type ResampleKernels = Pick<
  OptionalKernels,
  'padMode' | 'padModeBackward' | 'interpolate' | 'interpolateBackward' | 'blurPool2d' | 'blurPool2dBackward'
>;

/**
 * Reflect/replicate/circular padding, interpolation and the blur pool, each a separable map
 * (core's `ResamplePlan`) run one axis at a time. Intermediate sums stay in float64 and the result
 * is rounded once, so float32 results are at least as close to the exact answer as PyTorch's.
 */
export function resampleKernels(): ResampleKernels {
  return {
    padMode: (x, g) => store(resample(valuesOf(x.id), padModePlan(g), x.dtype === 'int32')),
    padModeBackward: (dy, g) => store(resampleBackward(valuesOf(dy.id), padModePlan(g))),
    interpolate: (x, g) => store(resample(valuesOf(x.id), interpolatePlan(g, x.dtype), false)),
    interpolateBackward: (dy, g) => store(resampleBackward(valuesOf(dy.id), interpolatePlan(g, dy.dtype))),
    blurPool2d: (x, g) => store(resample(valuesOf(x.id), blurPoolPlan(g), false)),
    blurPool2dBackward: (dy, g) => store(resampleBackward(valuesOf(dy.id), blurPoolPlan(g))),
  };
}

/** Applies `plan` to src viewed as [planes, ...inSizes], innermost axis first. */
function resample(src: TypedArray, plan: ResamplePlan, integer: boolean): TypedArray {
  const sizes = plan.axes.map((a) => a.inSize);
  let values: TypedArray | Float64Array = src;
  for (let d = plan.axes.length - 1; d >= 0; d--) {
    const axis = plan.axes[d]!;
    const outer = plan.planes * product(sizes.slice(0, d));
    const inner = product(sizes.slice(d + 1));
    values = integer
      ? gatherAxis(values, axis, outer, inner, new Int32Array(outer * axis.outSize * inner))
      : mapAxis(values, axis, outer, inner);
    sizes[d] = axis.outSize;
  }
  return finish(values, src);
}

/** The adjoint of `resample`: outermost axis first, each output's share added onto what it read. */
function resampleBackward(dy: TypedArray, plan: ResamplePlan): TypedArray {
  const sizes = plan.axes.map((a) => a.outSize);
  let values: TypedArray | Float64Array = dy;
  for (let d = 0; d < plan.axes.length; d++) {
    const axis = plan.axes[d]!;
    const outer = plan.planes * product(sizes.slice(0, d));
    const inner = product(sizes.slice(d + 1));
    values = scatterAxis(values, axis, outer, inner);
    sizes[d] = axis.inSize;
  }
  return finish(values, dy);
}

/** out[o, j, i] = Σ_t w[j, t] · x[o, index[j, t], i] over x viewed as [outer, inSize, inner]. */
function mapAxis(x: ArrayLike<number>, axis: ResampleAxis, outer: number, inner: number): Float64Array {
  const { inSize, outSize, taps, index, weight } = axis;
  const out = new Float64Array(outer * outSize * inner);
  for (let o = 0; o < outer; o++) {
    const src = o * inSize * inner;
    const dst = o * outSize * inner;
    for (let j = 0; j < outSize; j++) {
      const row = dst + j * inner;
      for (let t = 0; t < taps; t++) {
        const at = index[j * taps + t]!;
        if (at < 0) continue;
        const w = weight ? weight[j * taps + t]! : 1;
        const from = src + at * inner;
        for (let i = 0; i < inner; i++) out[row + i] = out[row + i]! + w * x[from + i]!;
      }
    }
  }
  return out;
}

/** An index map (one tap of weight 1) on integers: a copy, in the integers' own array type. */
function gatherAxis(x: ArrayLike<number>, axis: ResampleAxis, outer: number, inner: number, out: Int32Array): Int32Array {
  const { inSize, outSize, index } = axis;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < outSize; j++) {
      const from = (o * inSize + index[j]!) * inner;
      const to = (o * outSize + j) * inner;
      for (let i = 0; i < inner; i++) out[to + i] = x[from + i]!;
    }
  }
  return out;
}

/** dx[o, index[j, t], i] += w[j, t] · dy[o, j, i], in output order as PyTorch's backward kernels. */
function scatterAxis(dy: ArrayLike<number>, axis: ResampleAxis, outer: number, inner: number): Float64Array {
  const { inSize, outSize, taps, index, weight } = axis;
  const dx = new Float64Array(outer * inSize * inner);
  for (let o = 0; o < outer; o++) {
    const src = o * outSize * inner;
    const dst = o * inSize * inner;
    for (let j = 0; j < outSize; j++) {
      const row = src + j * inner;
      for (let t = 0; t < taps; t++) {
        const at = index[j * taps + t]!;
        if (at < 0) continue;
        const w = weight ? weight[j * taps + t]! : 1;
        const to = dst + at * inner;
        for (let i = 0; i < inner; i++) dx[to + i] = dx[to + i]! + w * dy[row + i]!;
      }
    }
  }
  return dx;
}

/** The result in the input's array type (a fresh copy where no axis ran). */
function finish(values: TypedArray | Float64Array, like: TypedArray): TypedArray {
  const dtype = like instanceof Int32Array ? 'int32' : like instanceof Float64Array ? 'float64' : 'float32';
  const out = uninitialized(dtype, values.length);
  out.set(values);
  return out;
}

function product(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}
