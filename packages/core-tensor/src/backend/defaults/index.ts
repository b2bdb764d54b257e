import type { Backend, OptionalKernels } from '../backend.js';
import { avgPool2d, avgPool2dBackward } from './avg-pool.js';
import { batchNormBackward, batchNormForward } from './batch-norm.js';
import { batchNormReluBackward, batchNormReluForward } from './batch-norm-relu.js';
import { conv, convBackwardInput, convBackwardWeight } from './conv.js';
import { gather, indexAdd, indexSelect, scatter } from './indexing.js';
import { adamUpdate, sgdUpdate } from './optimizer.js';
import { reluBackward } from './relu-backward.js';
import { channelAffine } from './channel-affine.js';
import { logSoftmax, softmax } from './softmax.js';
import { sort, topk } from './sort.js';
import { blurPool2d, blurPool2dBackward, interpolate, interpolateBackward, padMode, padModeBackward } from './resample.js';
import { maxUnpool2d, maxUnpool2dBackward } from './max-unpool.js';
import { adaptiveMaxPool2d, adaptiveMaxPool2dBackward, fractionalMaxPool2d, fractionalMaxPool2dBackward } from './window-max-pool.js';
import { avgPool3d, avgPool3dBackward, maxPool3d, maxPool3dBackward } from './pool3d.js';
import type { DefaultKernel } from './default-kernel.js';

export type { DefaultKernel } from './default-kernel.js';

/**
 * Core's default for every optional kernel, built only from the backend's required kernels, as
 * burn's `conv::conv2d_x_backward::<B>`: a backend's own kernel may call one for the cases it
 * does not cover (`defaults.convBackwardInput(backend, dy, w, g)`).
 */
export const defaults: { readonly [K in keyof OptionalKernels]: DefaultKernel<K> } = {
  conv,
  convBackwardInput,
  convBackwardWeight,
  avgPool2d,
  avgPool2dBackward,
  softmax,
  logSoftmax,
  batchNormForward,
  batchNormBackward,
  batchNormReluForward,
  batchNormReluBackward,
  channelAffine,
  reluBackward,
  sgdUpdate,
  adamUpdate,
  gather,
  scatter,
  indexSelect,
  indexAdd,
  sort,
  topk,
  padMode,
  padModeBackward,
  interpolate,
  interpolateBackward,
  blurPool2d,
  blurPool2dBackward,
  maxUnpool2d,
  maxUnpool2dBackward,
  adaptiveMaxPool2d,
  adaptiveMaxPool2dBackward,
  fractionalMaxPool2d,
  fractionalMaxPool2dBackward,
  maxPool3d,
  maxPool3dBackward,
  avgPool3d,
  avgPool3dBackward,
};

/** Optional kernels built only from `b`'s required kernels (each default bound to `b`). */
export function defaultKernels(b: Backend): OptionalKernels {
  const bound: Partial<Record<keyof OptionalKernels, unknown>> = {};
  for (const key of Object.keys(defaults) as (keyof OptionalKernels)[]) {
    const kernel = defaults[key] as (b: Backend, ...args: unknown[]) => unknown;
    bound[key] = (...args: unknown[]) => kernel(b, ...args);
  }
  return bound as OptionalKernels;
}
