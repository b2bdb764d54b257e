import { contiguousStrides, sizeOf, type RequiredKernels } from '@stride/core-tensor/backend';
import type { Gpu } from '../gpu/gpu.js';
import { linearGrid } from '../gpu/program.js';
import { scalarOf } from '../programs/elementwise.wgsl.js';
import { concatProgram, padProgram } from '../programs/shape.wgsl.js';

export function shapeKernels(gpu: Gpu): Pick<RequiredKernels, 'pad' | 'concat'> {
  return {
    /** Constant padding; a negative pad crops, as in torch.nn.functional.pad. */
    pad(x, pads, value) {
      const outShape = x.shape.map((d, i) => d + pads[i]![0] + pads[i]![1]);
      const n = sizeOf(outShape);
      const strides = contiguousStrides(x.shape);
      const out = gpu.alloc(n, x.dtype);
      const perDim = outShape.flatMap((d, i) => [d, x.shape[i]!, pads[i]![0], strides[i]!]);
      gpu.run(padProgram(scalarOf(x.dtype), x.shape.length), [x.id], [out], [n, value, ...perDim], linearGrid(n));
      return out;
    },
    concat(xs, axis) {
      const first = xs[0];
      if (first === undefined) throw new Error('concat: expected at least one input');
      const outShape = first.shape.map((d, i) => (i === axis ? xs.reduce((n, x) => n + x.shape[axis]!, 0) : d));
      const out = gpu.alloc(sizeOf(outShape), first.dtype);
      const inner = sizeOf(first.shape.slice(axis + 1));
      const outChunk = outShape[axis]! * inner;
      let at = 0;
      for (const x of xs) {
        const n = sizeOf(x.shape);
        const chunk = x.shape[axis]! * inner;
        if (n > 0) gpu.run(concatProgram(scalarOf(x.dtype)), [x.id], [out], [n, chunk, outChunk, at], linearGrid(n));
        at += chunk;
      }
      return out;
    },
  };
}
