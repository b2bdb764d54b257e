import type { Backend } from '@stride/core-tensor/backend';
import { channelAffineKernels } from './channel-affine.js';
import { batchNormKernels } from './batch-norm.js';
import { convKernels } from './conv.js';
import { elementwiseKernels } from './elementwise.js';
import type { EngineChoice } from './gemm-engine.js';
import { im2colKernels } from './im2col.js';
import { indexingKernels } from './indexing.js';
import { matmulKernels } from './matmul.js';
import { optimizerKernels } from './optimizer.js';
import { poolingKernels } from './pooling.js';
import { randomKernels } from './random.js';
import { reduceKernels } from './reduce.js';
import { shapeKernels } from './shape.js';
import { softmaxKernels } from './softmax.js';
import { sortKernels } from './sort.js';
import { resampleKernels } from './resample.js';
import { windowPoolKernels } from './window-pool.js';
import { pool3dKernels } from './pool3d.js';

/**
 * Every kernel of the backend on typed arrays, for every dtype: the reference the SIMD
 * overlays fall back to and give the same bits as. matmul and convolution multiply with the
 * GEMM `engineFor` picks per dtype; the fused optimizer steps leave dtypes other than float32
 * to core's defaults on `backend()`.
 */
export function loops(engineFor: EngineChoice, backend: () => Backend) {
  return {
    ...elementwiseKernels(),
    ...reduceKernels(),
    ...shapeKernels(),
    ...matmulKernels(engineFor),
    ...im2colKernels(),
    ...poolingKernels(),
    ...randomKernels(),
    ...convKernels(engineFor),
    ...softmaxKernels(),
    ...optimizerKernels(backend),
    ...batchNormKernels(),
    ...channelAffineKernels(),
    ...indexingKernels(),
    ...sortKernels(),
    ...resampleKernels(),
    ...windowPoolKernels(),
    ...pool3dKernels(),
  };
}

export type Loops = ReturnType<typeof loops>;
