import type { TypedArray } from '@stride/core-tensor';
import { allocate, sizeOf, type Dense, type OptionalKernels } from '@stride/core-tensor/backend';
import { store, uninitialized, valuesOf } from '../storage.js';

type BatchNormKernels = Pick<OptionalKernels, 'batchNormForward' | 'batchNormBackward'>;

/**
 * Training-mode batch norm on typed arrays, any float dtype, one channel at a time: two passes
 * for the statistics and one for the output, where core's composition makes six tensors.
 * The operations and summation order are the wasm kernel's (wasm/batch-norm.ts), each float32
 * result rounded as it would be there, so the two give the same bits and each checks the other.
 */
export function batchNormKernels(): BatchNormKernels {
  return {
    batchNormForward(x, weight, bias, eps) {
      const { src, batch, channels, plane, count, round } = layout(x);
      const w = weight ? valuesOf(weight.id) : null;
      const b = bias ? valuesOf(bias.id) : null;
      const out = uninitialized(x.dtype, src.length);
      const [mean, variance, invStd] = [allocate(x.dtype, channels), allocate(x.dtype, channels), allocate(x.dtype, channels)];
      for (let c = 0; c < channels; c++) {
        const m = round(laneSum(batch, channels, plane, c, (at) => src[at]!) / count);
        const v =
          laneSum(batch, channels, plane, c, (at) => {
            const d = round(src[at]! - m);
            return round(d * d);
          }) / count;
        const inv = round(1 / Math.sqrt(v + eps));
        const scale = w ? round(w[c]! * inv) : inv;
        const shift = b ? b[c]! : 0;
        [mean[c], variance[c], invStd[c]] = [m, v, inv];
        forEachOfChannel(batch, channels, plane, c, (at) => void (out[at] = round(round(src[at]! - m) * scale) + shift));
      }
      return { out: store(out), mean: store(mean), variance: store(variance), invStd: store(invStd) };
    },
    batchNormBackward(x, dy, mean, invStd, weight) {
      const { src, batch, channels, plane, count, round } = layout(x);
      const g = valuesOf(dy.id);
      const [m, inv, w] = [valuesOf(mean.id), valuesOf(invStd.id), weight ? valuesOf(weight.id) : null];
      const dx = uninitialized(x.dtype, src.length);
      const [dweight, dbias] = [allocate(x.dtype, channels), allocate(x.dtype, channels)];
      for (let c = 0; c < channels; c++) {
        const [mc, ic] = [m[c]!, inv[c]!];
        const sdy = laneSum(batch, channels, plane, c, (at) => g[at]!);
        const dot = laneSum(batch, channels, plane, c, (at) => round(g[at]! * round(src[at]! - mc)));
        dbias[c] = sdy;
        dweight[c] = dot * ic;
        // As PyTorch's CPU kernel: dx = ((dy − Σdy/n) − (x − mean)·k)·(weight·invStd), k = dot·invStd²/n.
        const gm = round(sdy / count);
        const k = round((dot * ic * ic) / count);
        const scale = w ? round(w[c]! * ic) : ic;
        forEachOfChannel(
          batch,
          channels,
          plane,
          c,
          (at) => void (dx[at] = round(round(g[at]! - gm) - round(round(src[at]! - mc) * k)) * scale),
        );
      }
      return { dx: store(dx), dweight: store(dweight), dbias: store(dbias) };
    },
  };
}

/** x as [batch, channels, plane] with its elements per channel, and the rounding to x's dtype. */
function layout(x: Dense) {
  const [batch, channels] = x.shape as [number, number];
  const plane = sizeOf(x.shape.slice(2));
  const round = x.dtype === 'float32' ? Math.fround : (v: number) => v;
  return { src: valuesOf(x.id) as TypedArray, batch, channels, plane, count: batch * plane, round };
}

/** Calls `f` with the index of each element of channel `c`, in memory order. */
function forEachOfChannel(batch: number, channels: number, plane: number, c: number, f: (at: number) => void): void {
  for (let n = 0; n < batch; n++) {
    const run = (n * channels + c) * plane;
    for (let i = run; i < run + plane; i++) f(i);
  }
}

/**
 * Σ term(at) over channel `c` in the wasm kernel's order: in each run, the elements of its
 * whole vectors into four lane sums by position mod 4 and the rest into a fifth, then
 * ((s0 + s2) + (s1 + s3)) + tail.
 */
function laneSum(batch: number, channels: number, plane: number, c: number, term: (at: number) => number): number {
  let [s0, s1, s2, s3, tail] = [0, 0, 0, 0, 0];
  const vectorEnd = plane - (plane % 4);
  for (let n = 0; n < batch; n++) {
    const run = (n * channels + c) * plane;
    for (let i = run; i < run + vectorEnd; i += 4) {
      s0 += term(i);
      s1 += term(i + 1);
      s2 += term(i + 2);
      s3 += term(i + 3);
    }
    for (let i = run + vectorEnd; i < run + plane; i++) tail += term(i);
  }
  return s0 + s2 + (s1 + s3) + tail;
}
