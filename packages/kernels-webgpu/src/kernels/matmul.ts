import { sizeOf, type RequiredKernels } from '@stride/core-tensor/backend';
import type { Gpu } from '../gpu/gpu.js';
import { scalarOf } from '../programs/elementwise.wgsl.js';
import { gemmGrid, gemmSizes, tileFor } from '../programs/gemm.wgsl.js';
import { matmulProgram } from '../programs/matmul.wgsl.js';
import { walk, walkValues } from '../programs/strided.js';

export function matmulKernels(gpu: Gpu): Pick<RequiredKernels, 'matmul'> {
  return {
    /** One tiled GEMM per batch entry, all entries in one dispatch (z), read through their strides. */
    matmul(a, b) {
      const rank = a.shape.length;
      const batchShape = a.shape.slice(0, rank - 2);
      const [m, k] = a.shape.slice(rank - 2) as [number, number];
      const n = b.shape[rank - 1]!;
      const batch = sizeOf(batchShape);
      const w = walk(batchShape, [
        { strides: a.strides.slice(0, rank - 2), offset: a.offset },
        { strides: b.strides.slice(0, rank - 2), offset: b.offset },
      ]);
      const out = gpu.alloc(batch * m * n, a.dtype);
      const tile = tileFor(m, n);
      const program = matmulProgram(scalarOf(a.dtype), w.dims.length, tile);
      const strides = [a.strides[rank - 2]!, a.strides[rank - 1]!, b.strides[rank - 2]!, b.strides[rank - 1]!];
      // WebGPU caps a dispatch at 65535 layers, so huge batches go in several dispatches.
      for (let z0 = 0; z0 < batch; z0 += 65535) {
        const layers = Math.min(65535, batch - z0);
        gpu.run(
          program,
          [a.id, b.id],
          [out],
          [...gemmSizes(tile, m, n), k, z0, ...strides, ...walkValues(w)],
          gemmGrid('matmul', tile, m, n, layers),
        );
      }
      return out;
    },
  };
}
