import type { DType } from '@stride/core-tensor';
import { sizeOf, type DataId, type RequiredKernels, type View } from '@stride/core-tensor/backend';
import { linearGrid, type Program } from '../gpu/program.js';
import type { Gpu } from '../gpu/gpu.js';
import { binaryProgram, fillProgram, scalarOf, unaryProgram, whereProgram } from '../programs/elementwise.wgsl.js';
import { walk, walkValues } from '../programs/strided.js';

export function elementwiseKernels(gpu: Gpu): Pick<RequiredKernels, 'copy' | 'cast' | 'fill' | 'unary' | 'binary' | 'where'> {
  /** Runs a one-thread-per-element program over views of one shape into a dense output. */
  const map = (views: readonly View[], outDtype: DType, program: (rank: number) => Program): DataId => {
    const n = sizeOf(views[0]!.shape);
    const w = walk(views[0]!.shape, views);
    const out = gpu.alloc(n, outDtype);
    gpu.run(
      program(w.dims.length),
      views.map((v) => v.id),
      [out],
      [n, ...walkValues(w)],
      linearGrid(n),
    );
    return out;
  };
  return {
    copy: (x) => map([x], x.dtype, (r) => unaryProgram('copy', scalarOf(x.dtype), scalarOf(x.dtype), r)),
    cast: (x, dtype) => map([x], dtype, (r) => unaryProgram('copy', scalarOf(x.dtype), scalarOf(dtype), r)),
    unary: (op, x) => map([x], x.dtype, (r) => unaryProgram(op, scalarOf(x.dtype), scalarOf(x.dtype), r)),
    binary: (op, a, b, outDtype) => map([a, b], outDtype, (r) => binaryProgram(op, scalarOf(a.dtype), scalarOf(outDtype), r)),
    where: (cond, a, b) => map([cond, a, b], a.dtype, (r) => whereProgram(scalarOf(cond.dtype), scalarOf(a.dtype), r)),
    fill(size, value, dtype) {
      const out = gpu.alloc(size, dtype);
      gpu.run(fillProgram(scalarOf(dtype)), [], [out], [size, value], linearGrid(size));
      return out;
    },
  };
}
