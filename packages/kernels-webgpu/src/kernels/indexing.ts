import { contiguousStrides, sizeOf, type Dense, type OptionalKernels } from '@stride/core-tensor/backend';
import type { Gpu } from '../gpu/gpu.js';
import { linearGrid } from '../gpu/program.js';
import { scalarOf } from '../programs/elementwise.wgsl.js';
import { gatherProgram, indexAddProgram, indexSelectProgram, scatterProgram } from '../programs/indexing.wgsl.js';
import { walk, walkValues } from '../programs/strided.js';

/** gather, scatter(-add), index_select and index_add; out-of-range indices read 0 or are skipped (see the programs). */
export function indexingKernels(gpu: Gpu): Pick<OptionalKernels, 'gather' | 'scatter' | 'indexSelect' | 'indexAdd'> {
  return {
    gather(x, index, axis) {
      const n = sizeOf(index.shape);
      const strides = contiguousStrides(x.shape);
      const lines = walk(index.shape, [{ strides: strides.map((s, d) => (d === axis ? 0 : s)), offset: 0 }]);
      const out = gpu.alloc(n, x.dtype);
      const uniforms = [n, x.shape[axis]!, strides[axis]!, ...walkValues(lines)];
      gpu.run(gatherProgram(scalarOf(x.dtype), lines.dims.length), [x.id, index.id], [out], uniforms, linearGrid(n));
      return out;
    },
    scatter(x, index, src, axis, mode) {
      const n = sizeOf(x.shape);
      const indexStrides = contiguousStrides(index.shape);
      const out = gpu.alloc(n, x.dtype);
      const perDim = x.shape.flatMap((_, d) => {
        const at = x.shape.length - 1 - d; // the program lists dims innermost first
        return [x.shape[at]!, index.shape[at]!, indexStrides[at]!];
      });
      const uniforms = [n, index.shape[axis]!, indexStrides[axis]!, ...perDim];
      gpu.run(scatterProgram(scalarOf(x.dtype), x.shape.length, axis, mode), [x.id, index.id, src.id], [out], uniforms, linearGrid(n));
      return out;
    },
    indexSelect(x, index, axis) {
      const { len, inner } = around(x, axis);
      const m = index.shape[0]!;
      const n = sizeOf(x.shape.slice(0, axis)) * m * inner;
      const out = gpu.alloc(n, x.dtype);
      gpu.run(indexSelectProgram(scalarOf(x.dtype)), [x.id, index.id], [out], [n, len, m, inner], linearGrid(n));
      return out;
    },
    indexAdd(x, index, src, axis) {
      const { len, inner } = around(x, axis);
      const n = sizeOf(x.shape);
      const out = gpu.alloc(n, x.dtype);
      gpu.run(indexAddProgram(scalarOf(x.dtype)), [x.id, index.id, src.id], [out], [n, len, index.shape[0]!, inner], linearGrid(n));
      return out;
    },
  };
}

function around(x: Dense, axis: number) {
  return { len: x.shape[axis]!, inner: sizeOf(x.shape.slice(axis + 1)) };
}
