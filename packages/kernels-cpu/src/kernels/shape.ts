import { allocate, contiguousStrides, sizeOf, type RequiredKernels, type TypedArray } from '@stride/core-tensor';
import { store, valuesOf } from '../storage.js';

export function shapeKernels(): Pick<RequiredKernels, 'pad' | 'concat'> {
  return {
    /** Constant padding; a negative pad crops, as in torch.nn.functional.pad. */
    pad(x, pads, value) {
      const src = valuesOf(x.id);
      const outShape = x.shape.map((d, i) => d + pads[i]![0] + pads[i]![1]);
      const out = allocate(x.dtype, sizeOf(outShape));
      const inStrides = contiguousStrides(x.shape);
      const outStrides = contiguousStrides(outShape);
      const rank = x.shape.length;
      // One dim at a time: an output slab whose source index falls outside the input is all `value`.
      const fillDim = (d: number, srcAt: number, outAt: number): void => {
        for (let o = 0; o < outShape[d]!; o++) {
          const i = o - pads[d]![0];
          const dst = outAt + o * outStrides[d]!;
          if (i < 0 || i >= x.shape[d]!) out.fill(value, dst, dst + outStrides[d]!);
          else if (d === rank - 1) out[dst] = src[srcAt + i]!;
          else fillDim(d + 1, srcAt + i * inStrides[d]!, dst);
        }
      };
      if (rank === 0) out.set(src);
      else fillDim(0, 0, 0);
      return store(out);
    },
    concat(xs, axis) {
      const first = xs[0];
      if (first === undefined) throw new Error('concat: expected at least one input');
      const outShape = first.shape.map((d, i) => (i === axis ? xs.reduce((n, x) => n + x.shape[axis]!, 0) : d));
      const out = allocate(first.dtype, sizeOf(outShape));
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
