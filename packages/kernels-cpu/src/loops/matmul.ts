import { sizeOf, type RequiredKernels, type View } from '@stride/core-tensor/backend';
import type { Matrix } from './gemm.js';
import { referenceEngine, type EngineChoice } from './gemm-engine.js';
import { storeAs, valuesOf } from '../storage.js';
import { offsets } from './strided.js';

export function matmulKernels(engineFor: EngineChoice = () => referenceEngine): Pick<RequiredKernels, 'matmul'> {
  return {
    /** One GEMM per batch entry, reading both operands through their strides (0 where broadcast). */
    matmul(a, b) {
      const engine = engineFor(a.dtype);
      const rank = a.shape.length;
      const batchShape = a.shape.slice(0, rank - 2);
      const [m, k] = a.shape.slice(rank - 2) as [number, number];
      const n = b.shape[rank - 1]!;
      const aBatch = offsets(batchShape, { strides: a.strides.slice(0, rank - 2), offset: a.offset });
      const bBatch = offsets(batchShape, { strides: b.strides.slice(0, rank - 2), offset: b.offset });
      // Each batch entry's gemm fills its block: the SIMD engine overwrites it, the reference adds onto its zeros.
      const acc = engine.alloc(sizeOf(batchShape) * m * n, false);
      for (let i = 0; i < aBatch.length; i++) {
        engine.gemm(m, n, k, matrix(a, aBatch[i]!), matrix(b, bBatch[i]!), acc, i * m * n, true);
      }
      return storeAs(acc, a.dtype);
    },
  };
}

/** The trailing two dims of `v` as a matrix starting at `offset`. */
function matrix(v: View, offset: number): Matrix {
  const rank = v.shape.length;
  return { values: valuesOf(v.id), offset, rowStride: v.strides[rank - 2]!, colStride: v.strides[rank - 1]! };
}
