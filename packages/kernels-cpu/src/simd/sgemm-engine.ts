import type { GemmEngine } from '../loops/gemm-engine.js';
import { uninitialized, zeroed } from '../storage.js';
import type { ThreadPool } from '../threads/thread-pool.js';
import type { WasmRuntime } from '../wasm/runtime.js';
import { sgemm } from './sgemm.js';

/** The float32 GEMM of matmul and the convolution loops on the wasm `sgemm`, over every thread. */
export function simdEngine(rt: WasmRuntime, pool: ThreadPool): GemmEngine {
  return {
    gemm: (m, n, k, a, b, c, cOffset, zeroed = false) => sgemm(rt, pool, m, n, k, a, b, c, cOffset, !zeroed),
    // Reused arrays: a fresh multi-megabyte one costs page faults on first touch.
    alloc: (size, zero = true) => (zero ? zeroed('float32', size) : uninitialized('float32', size)) as Float32Array,
  };
}
