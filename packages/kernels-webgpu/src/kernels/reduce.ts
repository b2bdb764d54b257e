import { sizeOf, type RequiredKernels, type View } from '@stride/core-tensor/backend';
import type { Gpu } from '../gpu/gpu.js';
import { linearGrid } from '../gpu/program.js';
import { scalarOf } from '../programs/elementwise.wgsl.js';
import { argReduceProgram, reduceRowsProgram, reduceTreeProgram } from '../programs/reduce.wgsl.js';
import { walk, walkValues } from '../programs/strided.js';

export function reduceKernels(gpu: Gpu): Pick<RequiredKernels, 'reduce' | 'argReduce'> {
  return {
    reduce(op, x, axes) {
      const kept = dims(x, (d) => !axes.includes(d));
      const folded = dims(x, (d) => axes.includes(d));
      const n = sizeOf(kept.shape);
      const inner = sizeOf(folded.shape);
      const k = walk(kept.shape, [{ strides: kept.strides, offset: x.offset }]);
      const r = walk(folded.shape, [{ strides: folded.strides, offset: 0 }]);
      const out = gpu.alloc(n, x.dtype);
      const uniforms = [n, inner, ...walkValues(k), ...walkValues(r)];
      const type = scalarOf(x.dtype);
      // A workgroup per output pays off once each output folds many elements and there are
      // not so many outputs that one thread each would already fill the device.
      if (inner >= 512 && n <= 16384) {
        gpu.run(reduceTreeProgram(op, type, k.dims.length, r.dims.length), [x.id], [out], uniforms, linearGrid(n * 256));
      } else {
        gpu.run(reduceRowsProgram(op, type, k.dims.length, r.dims.length), [x.id], [out], uniforms, linearGrid(n));
      }
      return out;
    },
    argReduce(op, x, axis) {
      const kept = dims(x, (d) => d !== axis);
      const n = sizeOf(kept.shape);
      const k = walk(kept.shape, [{ strides: kept.strides, offset: x.offset }]);
      const out = gpu.alloc(n, 'int32');
      const uniforms = [n, x.shape[axis]!, x.strides[axis]!, ...walkValues(k)];
      gpu.run(argReduceProgram(op, scalarOf(x.dtype), k.dims.length), [x.id], [out], uniforms, linearGrid(n));
      return out;
    },
  };
}

function dims(x: View, keep: (d: number) => boolean) {
  return {
    shape: x.shape.filter((_, d) => keep(d)),
    strides: x.strides.filter((_, d) => keep(d)),
  };
}
