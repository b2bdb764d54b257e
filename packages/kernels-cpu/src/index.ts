import { defineBackend, type Backend, type Capabilities } from '@stride/core-tensor';
import { convKernels } from './kernels/conv.js';
import { elementwiseKernels } from './kernels/elementwise.js';
import { im2colKernels } from './kernels/im2col.js';
import { matmulKernels } from './kernels/matmul.js';
import { poolKernels } from './kernels/pool.js';
import { randomKernels } from './kernels/random.js';
import { reduceKernels } from './kernels/reduce.js';
import { shapeKernels } from './kernels/shape.js';
import { softmaxKernels } from './kernels/softmax.js';
import { release, store, valuesOf } from './storage.js';
import { chooseEngine } from './gemm-engine.js';
import { wasmRuntime } from './wasm/runtime.js';

export interface CpuOptions {
  /** Worker threads for the WebAssembly path; the typed-array reference kernels run on one. */
  readonly threads?: number;
  /**
   * false: leave every optional kernel (conv, pooling averages, softmax) to core's defaults,
   * composed from the required kernels. A testing aid: the conformance suite runs this way too,
   * which proves the defaults a new backend starts from.
   */
  readonly optionalKernels?: boolean;
  /** false: float32 GEMMs on the typed-array reference path instead of WebAssembly SIMD. */
  readonly simd?: boolean;
}

const capabilities: Capabilities = {
  dtypes: ['float32', 'int32', 'float64'],
  readSync: true,
  f16: false,
  maxBufferBytes: 2 ** 31 - 1,
};

/**
 * The CPU backend: every kernel on typed arrays, with float32 matmul and convolution (im2col +
 * blocked GEMM) on WebAssembly SIMD micro-kernels where the runtime has them.
 */
export function cpu(opts: CpuOptions = {}): Backend {
  const engineFor = chooseEngine(opts.simd === false ? null : wasmRuntime());
  const { avgPool2d, avgPool2dBackward, ...maxPool } = poolKernels();
  const optional = opts.optionalKernels === false ? {} : { ...convKernels(engineFor), avgPool2d, avgPool2dBackward, ...softmaxKernels() };
  return defineBackend(opts.optionalKernels === false ? 'cpu-required-only' : 'cpu', capabilities, {
    // Buffers are copied in and out: callers may reuse what they pass and mutate what they get.
    write: (values) => store(values.slice()),
    read: async (id) => valuesOf(id).slice(),
    readSync: (id) => valuesOf(id).slice(),
    disposeData: release,
    sync: async () => {},
    ...elementwiseKernels(),
    ...reduceKernels(),
    ...shapeKernels(),
    ...matmulKernels(engineFor),
    ...im2colKernels(),
    ...maxPool,
    ...randomKernels(),
    ...optional,
  });
}
