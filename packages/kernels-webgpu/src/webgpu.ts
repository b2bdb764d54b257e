import { defaults, defineBackend, type Backend, type DeclaredCapabilities, type OptionalKernels } from '@stride/core-tensor/backend';
import { acquireDevice, type DeviceOptions } from './device.js';
import type { PoolStats } from './gpu/buffer-pool.js';
import { Gpu } from './gpu/gpu.js';
import { convKernels } from './kernels/conv.js';
import { elementwiseKernels } from './kernels/elementwise.js';
import { im2colKernels } from './kernels/im2col.js';
import { indexingKernels } from './kernels/indexing.js';
import { matmulKernels } from './kernels/matmul.js';
import { poolKernels } from './kernels/pool.js';
import { randomKernels } from './kernels/random.js';
import { reduceKernels } from './kernels/reduce.js';
import { shapeKernels } from './kernels/shape.js';
import { softmaxKernels } from './kernels/softmax.js';
import { channelAffineKernels } from './kernels/channel-affine.js';
import { batchNormKernels } from './kernels/batch-norm.js';
import { optimizerKernels } from './kernels/optimizer.js';
import { sortKernels } from './kernels/sort.js';
import { resampleKernels } from './kernels/resample.js';
import { windowPoolKernels } from './kernels/window-pool.js';

export interface WebGpuOptions extends DeviceOptions {
  /** Dispatches recorded before a submit (default 16); reads and sync submit sooner. */
  readonly dispatchesPerSubmit?: number;
  /** Free bytes the buffer pool keeps for reuse (default 256 MiB); beyond it buffers are destroyed. */
  readonly maxPooledBytes?: number;
  /**
   * false: leave the optional kernels (conv, average pooling, softmax) to core's defaults
   * built from the required ones. A testing aid, as on the CPU backend.
   */
  readonly optionalKernels?: boolean;
}

/** The backend plus what only a GPU backend has: its adapter, device and buffer pool. */
export interface WebGpuBackend extends Backend {
  /** The adapter's vendor / architecture / description and where it came from. */
  readonly adapter: string;
  readonly device: GPUDevice;
  /** Bytes the buffer pool holds (live and parked), buffers created and compiled pipelines. */
  memory(): PoolStats & { pipelines: number };
  /**
   * Compute dispatches recorded and command buffers submitted since the backend was made: the
   * difference across a training step is its cost in GPU round trips on any adapter.
   */
  work(): { dispatches: number; submits: number };
  /** Frees every pooled buffer and destroys the device (unless it was injected). */
  destroy(): void;
}

/**
 * The WebGPU backend: every kernel in WGSL on float32 and int32. Resolves once it has a
 * device; rejects with the reason where this runtime has no usable adapter.
 */
export async function webgpu(opts: WebGpuOptions = {}): Promise<WebGpuBackend> {
  const { device, adapter } = await acquireDevice(opts);
  const requiredOnly = opts.optionalKernels === false;
  const name = requiredOnly ? 'webgpu-required-only' : 'webgpu';
  const gpu = new Gpu(name, device, {
    dispatchesPerSubmit: opts.dispatchesPerSubmit ?? 16,
    maxPooledBytes: opts.maxPooledBytes ?? 256 * 2 ** 20,
  });
  const capabilities: DeclaredCapabilities = {
    dtypes: ['float32', 'int32'],
    f16: false,
    maxBufferBytes: device.limits.maxStorageBufferBindingSize,
  };
  const reduce = reduceKernels(gpu);
  const { avgPool2d, avgPool2dBackward, ...maxPool } = poolKernels(gpu);
  const viaCol2im: OptionalKernels['convBackwardInput'] = (dy, w, g) => defaults.convBackwardInput(backend, dy, w, g);
  const backend = defineBackend(
    'webgpu',
    capabilities,
    {
      write: (values) => gpu.write(values, values instanceof Int32Array ? 'int32' : values instanceof Float32Array ? 'float32' : 'float64'),
      read: (id) => gpu.read(id),
      disposeData: (id) => gpu.dispose(id),
      sync: () => gpu.sync(),
      ...elementwiseKernels(gpu),
      ...reduce,
      ...shapeKernels(gpu),
      ...matmulKernels(gpu),
      ...im2colKernels(gpu),
      ...maxPool,
      ...randomKernels(gpu),
      ...convKernels(gpu, reduce.reduce, viaCol2im),
      avgPool2d,
      avgPool2dBackward,
      ...softmaxKernels(gpu),
      ...channelAffineKernels(gpu),
      ...batchNormKernels(gpu),
      ...optimizerKernels(gpu, () => backend),
      ...indexingKernels(gpu),
      ...sortKernels(gpu),
      ...resampleKernels(gpu),
      ...windowPoolKernels(gpu),
    },
    { requiredOnly },
  );
  return Object.assign(backend, {
    adapter,
    device,
    memory: () => gpu.stats(),
    work: () => gpu.work(),
    destroy() {
      gpu.submit();
      gpu.pool.drain();
      if (!opts.device) device.destroy();
    },
  });
}
