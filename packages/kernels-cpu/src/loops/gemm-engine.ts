import { gemm, type Matrix } from './gemm.js';
import type { DType } from '@stride/core-tensor';

/**
 * The matrix multiply that matmul and convolution are built on, with the accumulator type that
 * goes with it: the reference path sums in double on typed arrays; the SIMD path in float32
 * with WebAssembly micro-kernels, as PyTorch's CPU kernels do.
 */
export interface GemmEngine {
  /**
   * c[cOffset + i·n + j] += Σₚ a(i, p)·b(p, j). With `zeroed`, the caller promises that block
   * of c holds zeros (a fresh output), so it need not be read.
   */
  gemm(m: number, n: number, k: number, a: Matrix, b: Matrix, c: Float64Array | Float32Array, cOffset: number, zeroed?: boolean): void;
  /** An accumulator of `size` zeros (`zero` false: contents unspecified, for a C every gemm call overwrites). */
  alloc(size: number, zero?: boolean): Float64Array | Float32Array;
}

export const referenceEngine: GemmEngine = {
  gemm: (m, n, k, a, b, c, cOffset) => gemm(m, n, k, a, b, c as Float64Array, cOffset),
  alloc: (size) => new Float64Array(size),
};

/** Which engine serves a dtype: SIMD for float32 where WebAssembly SIMD runs, else the reference. */
export type EngineChoice = (dtype: DType) => GemmEngine;

export function chooseEngine(simd: GemmEngine | null): EngineChoice {
  return (dtype) => (dtype === 'float32' && simd ? simd : referenceEngine);
}
