import {
  avgPoolDivisor,
  type AvgPoolOptions,
  type OptionalKernels,
  type PoolGeometry,
  type RequiredKernels,
} from '@stride/core-tensor/backend';
import { store, uninitialized, valuesOf, zeroed } from '../storage.js';
import type { TypedArray } from '@stride/core-tensor';

export function poolingKernels(): Pick<RequiredKernels, 'maxPool2d' | 'maxPool2dBackward'> &
  Pick<OptionalKernels, 'avgPool2d' | 'avgPool2dBackward'> {
  return {
    maxPool2d(x, g) {
      const out = uninitialized(x.dtype, outputSize(g));
      const argmax = uninitialized('int32', out.length) as Int32Array;
      const src = valuesOf(x.id);
      if (src instanceof Float32Array) maxPoolF32(src, out as Float32Array, argmax, g);
      else maxPoolAny(src, out, argmax, g);
      return { out: store(out), argmax: store(argmax) };
    },
    maxPool2dBackward(dy, argmax, g) {
      const grads = valuesOf(dy.id);
      const index = valuesOf(argmax.id);
      const dx = zeroed(dy.dtype, g.batch * g.channels * planeSize(g));
      const [outPlane, inPlane] = [g.outSize[0] * g.outSize[1], planeSize(g)];
      for (let p = 0, o = 0; p < g.batch * g.channels; p++) {
        const at = p * inPlane;
        for (const end = o + outPlane; o < end; o++) {
          const i = index[o]!;
          if (i >= 0) dx[at + i] = dx[at + i]! + grads[o]!;
        }
      }
      return store(dx);
    },
    avgPool2d(x, g, opts) {
      const src = valuesOf(x.id);
      const out = uninitialized(x.dtype, outputSize(g));
      const divisors = windowDivisors(g, opts);
      forEachWindow(g, (plane, o, taps, window) => {
        const at = plane * planeSize(g);
        let sum = 0;
        for (const t of taps) sum += src[at + t]!;
        out[o] = sum / divisors[window]!;
      });
      return store(out);
    },
    avgPool2dBackward(dy, g, opts) {
      const grads = valuesOf(dy.id);
      const dx = zeroed(dy.dtype, g.batch * g.channels * planeSize(g));
      const divisors = windowDivisors(g, opts);
      forEachWindow(g, (plane, o, taps, window) => {
        const at = plane * planeSize(g);
        const share = grads[o]! / divisors[window]!;
        for (const t of taps) dx[at + t] = dx[at + t]! + share;
      });
      return store(dx);
    },
  };
}

/**
 * float32 max-pool without a branch per tap: on activations the winner of each comparison is a
 * coin flip, and a mispredicted branch per tap cost more than the rest of the loop. The best
 * tap is kept as an index, chosen with masks; the first maximum in scan order wins and the
 * first NaN beats everything (PyTorch's rule). Windows with no in-range tap give -inf and -1.
 */
function maxPoolF32(src: Float32Array, out: Float32Array, argmax: Int32Array, g: PoolGeometry): void {
  const { first, taps } = windowTable(g);
  const windows = first.length - 1;
  const plane = planeSize(g);
  for (let p = 0, o = 0; p < g.batch * g.channels; p++) {
    const at = p * plane;
    for (let k = 0; k < windows; k++, o++) {
      const [t0, t1] = [first[k]!, first[k + 1]!];
      if (t0 === t1) {
        out[o] = -Infinity;
        argmax[o] = -1;
        continue;
      }
      let bestTap = taps[t0]!;
      for (let t = t0 + 1; t < t1; t++) {
        const tap = taps[t]!;
        const v = src[at + tap]!;
        const best = src[at + bestTap]!;
        const m = -(+(v > best) | (+Number.isNaN(v) & +!Number.isNaN(best)));
        bestTap = (tap & m) | (bestTap & ~m);
      }
      out[o] = src[at + bestTap]!;
      argmax[o] = bestTap;
    }
  }
}

/** The same scan for other dtypes, with a branch per tap. */
function maxPoolAny(src: TypedArray, out: TypedArray, argmax: Int32Array, g: PoolGeometry): void {
  const { first, taps } = windowTable(g);
  const windows = first.length - 1;
  const planes = g.batch * g.channels;
  for (let p = 0, o = 0; p < planes; p++) {
    const at = p * planeSize(g);
    for (let k = 0; k < windows; k++, o++) {
      let best = -Infinity;
      let index = -1;
      for (let t = first[k]!; t < first[k + 1]!; t++) {
        const v = src[at + taps[t]!]!;
        if (index < 0 || v > best || (Number.isNaN(v) && !Number.isNaN(best))) {
          best = v;
          index = taps[t]!;
        }
      }
      out[o] = best;
      argmax[o] = index;
    }
  }
}

const planeSize = (g: PoolGeometry) => g.inSize[0] * g.inSize[1];
const outputSize = (g: PoolGeometry) => g.batch * g.channels * g.outSize[0] * g.outSize[1];

/** PyTorch's divisor for each output position of a plane (the same for every plane). */
function windowDivisors(g: PoolGeometry, opts: AvgPoolOptions): Float64Array {
  const [oh, ow] = g.outSize;
  const out = new Float64Array(oh * ow);
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) out[i * ow + j] = avgPoolDivisor(g, opts, i, j);
  }
  return out;
}

/**
 * Every window's in-range positions (in-plane indices h·W+w, in scan order) in one flat table:
 * window k's are taps[first[k]…first[k+1]), so hot loops index arrays instead of calling back.
 */
function windowTable(g: PoolGeometry): { first: Int32Array; taps: Int32Array } {
  const windows = planeWindows(g);
  const first = new Int32Array(windows.length + 1);
  windows.forEach((w, k) => (first[k + 1] = first[k]! + w.length));
  return { first, taps: Int32Array.from(windows.flat()) };
}

/**
 * Calls `visit` for every output element with its plane, its flat output index, the in-plane
 * indices h·W+w of the window's in-range positions in scan order, and its position in the plane.
 */
function forEachWindow(g: PoolGeometry, visit: (plane: number, o: number, taps: readonly number[], window: number) => void): void {
  const windows = planeWindows(g);
  const planes = g.batch * g.channels;
  for (let p = 0, o = 0; p < planes; p++) {
    for (let k = 0; k < windows.length; k++, o++) visit(p, o, windows[k]!, k);
  }
}

/** Each output position's in-range window positions, as in-plane indices in scan order. */
function planeWindows(g: PoolGeometry): number[][] {
  const [h, w] = g.inSize;
  const [oh, ow] = g.outSize;
  const windows: number[][] = [];
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      const taps: number[] = [];
      for (let a = 0; a < g.kernel[0]; a++) {
        const y = i * g.stride[0] - g.padding[0] + a * g.dilation[0];
        if (y < 0 || y >= h) continue;
        for (let b = 0; b < g.kernel[1]; b++) {
          const x = j * g.stride[1] - g.padding[1] + b * g.dilation[1];
          if (x >= 0 && x < w) taps.push(y * w + x);
        }
      }
      windows.push(taps);
    }
  }
  return windows;
}
