import type { Backend, OptionalKernels } from '../backend.js';
import { convDefaults } from './conv.js';
import { avgPoolDefaults } from './avg-pool.js';
import { softmaxDefaults } from './softmax.js';
import { reluBackwardDefaults } from './relu-backward.js';
import { optimizerDefaults } from './optimizer.js';
import { batchNormDefaults } from './batch-norm.js';

/** Optional kernels built only from `b`'s required kernels. */
export function defaultKernels(b: Backend): OptionalKernels {
  return {
    ...convDefaults(b), ...avgPoolDefaults(b), ...softmaxDefaults(b), ...reluBackwardDefaults(b), ...optimizerDefaults(b),
    ...batchNormDefaults(b),
  };
}
