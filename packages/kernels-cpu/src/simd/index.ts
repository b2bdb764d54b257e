import type { Loops } from '../loops/index.js';
import type { ThreadPool } from '../threads/thread-pool.js';
import type { WasmRuntime } from '../wasm/runtime.js';
import { simdBatchNormKernels } from './batch-norm.js';
import { simdChannelAffineKernels } from './channel-affine.js';
import { simdChannelSumKernels } from './channel-sums.js';
import { simdConvKernels } from './conv.js';
import { simdElementwiseKernels } from './elementwise.js';
import { simdMaxPoolKernels } from './max-pool.js';
import type { WinogradOption } from './winograd-choice.js';

/**
 * The float32 kernels of a training step on WebAssembly SIMD over `pool`'s threads, each laid
 * over the typed-array loop of the same name, which it hands other dtypes, layouts and sizes.
 */
export function simdOverlays(rt: WasmRuntime, pool: ThreadPool, loops: Loops, opts: { winograd: WinogradOption }) {
  return {
    ...simdElementwiseKernels(rt, pool, loops),
    ...simdChannelSumKernels(rt, pool, loops),
    ...simdMaxPoolKernels(rt, pool, loops),
    ...simdConvKernels(rt, pool, loops, opts),
    ...simdBatchNormKernels(rt, pool, loops),
    ...simdChannelAffineKernels(rt, pool, loops),
  };
}
