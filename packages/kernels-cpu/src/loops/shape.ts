import type { TypedArray } from '@stride/core-tensor';
import { contiguousStrides, sizeOf, type RequiredKernels } from '@stride/core-tensor/backend';
import { store, uninitialized, valuesOf } from '../storage.js';

/** Runs up to this many elements are copied and filled by a loop. */
const SHORT_RUN = 32;

function fillRange(out: TypedArray, value: number, from: number, to: number): void {
  if (to - from > SHORT_RUN) out.fill(value, from, to);
  else for (let j = from; j < to; j++) out[j] = value;
}

export function shapeKernels(): Pick<RequiredKernels, 'pad' | 'concat'> {
  return {
    /** Constant padding; a negative pad crops, as in torch.nn.functional.pad. */
    pad(x, pads, value) {
      const src = valuesOf(x.id);
      const outShape = x.shape.map((d, i) => d + pads[i]![0] + pads[i]![1]);
      const out = uninitialized(x.dtype, sizeOf(outShape));
      const inStrides = contiguousStrides(x.shape);
      const outStrides = contiguousStrides(outShape);
      const rank = x.shape.length;
      // Dims after the last padded one are copied whole: in both arrays their elements form
      // slabs of `inner` contiguous values, so each row of the last padded dim is one copy of
      // its kept slabs and two fills (a channel pad of NCHW moves whole planes at once).
      let last = rank - 1;
      while (last >= 0 && pads[last]![0] === 0 && pads[last]![1] === 0) last--;
      const inner = sizeOf(x.shape.slice(last + 1));
      const copyRow = (srcAt: number, outAt: number): void => {
        const [before, after] = pads[last]!;
        const n = x.shape[last]!;
        const [lo, hi] = [Math.max(0, -before), Math.min(n, n + after)];
        const kept = Math.max(0, hi - lo);
        const start = Math.max(0, before);
        const keptAt = outAt + start * inner;
        const keptEnd = keptAt + kept * inner;
        fillRange(out, value, outAt, keptAt);
        // A short run (a stride-2 slice's gradient pads rows of one element) costs less as a
        // loop than as a subarray view and a set.
        if (keptEnd - keptAt > SHORT_RUN) out.set(src.subarray(srcAt + lo * inner, srcAt + hi * inner), keptAt);
        else for (let j = keptAt, i = srcAt + lo * inner; j < keptEnd; j++, i++) out[j] = src[i]!;
        fillRange(out, value, keptEnd, outAt + outShape[last]! * inner);
      };
      // Rows of the last padded dim that keep one element (a stride-step slice's gradient
      // spreads [.., n, 1] into [.., n, step]): one fill of the block, then one store per row.
      const [lastBefore] = pads[last] ?? [0];
      const keepsOne = last >= 1 && inner === 1 && x.shape[last] === 1 && lastBefore >= 0 && pads[last]![1] >= 0;
      const spreadRows = (d: number, srcAt: number, outAt: number): void => {
        out.fill(value, outAt, outAt + outShape[d]! * outStrides[d]!);
        const [before] = pads[d]!;
        const [from, to] = [Math.max(0, before), Math.min(outShape[d]!, before + x.shape[d]!)];
        const [inStep, outStep] = [inStrides[d]!, outStrides[d]!];
        for (
          let o = from, i = srcAt + (from - before) * inStep, j = outAt + from * outStep + lastBefore;
          o < to;
          o++, i += inStep, j += outStep
        )
          out[j] = src[i]!;
      };
      // One dim at a time: an output slab whose source index falls outside the input is all `value`.
      const fillDim = (d: number, srcAt: number, outAt: number): void => {
        if (d === last) {
          copyRow(srcAt, outAt);
          return;
        }
        if (keepsOne && d === last - 1) {
          spreadRows(d, srcAt, outAt);
          return;
        }
        for (let o = 0; o < outShape[d]!; o++) {
          const i = o - pads[d]![0];
          const dst = outAt + o * outStrides[d]!;
          if (i < 0 || i >= x.shape[d]!) out.fill(value, dst, dst + outStrides[d]!);
          else fillDim(d + 1, srcAt + i * inStrides[d]!, dst);
        }
      };
      if (last < 0) out.set(src);
      else fillDim(0, 0, 0);
      return store(out);
    },
    concat(xs, axis) {
      const first = xs[0];
      if (first === undefined) throw new Error('concat: expected at least one input');
      const outShape = first.shape.map((d, i) => (i === axis ? xs.reduce((n, x) => n + x.shape[axis]!, 0) : d));
      const out = uninitialized(first.dtype, sizeOf(outShape));
      const outer = sizeOf(first.shape.slice(0, axis));
      const inner = sizeOf(first.shape.slice(axis + 1));
      const outChunk = outShape[axis]! * inner;
      let at = 0;
      for (const x of xs) {
        const src: TypedArray = valuesOf(x.id);
        const chunk = x.shape[axis]! * inner;
        for (let o = 0; o < outer; o++) out.set(src.subarray(o * chunk, (o + 1) * chunk), o * outChunk + at);
        at += chunk;
      }
      return store(out);
    },
  };
}
