import type { Tensor } from '@stride/core-tensor';
import { type Module, ReLU } from '@stride/layers';
import { BatchNormBase } from '@stride/norm';

/**
 * relu(norm(y)) as a network's forward writes it, run inside the batch norm's kernels (one pass
 * each way instead of three) where nothing could tell: a batch norm and a plain ReLU, neither
 * with forward hooks (a hook on the norm would see the rectified output, one on the ReLU would
 * not run).
 */
export function normRelu(norm: Module, relu: Module, y: Tensor): Tensor {
  if (norm instanceof BatchNormBase && relu instanceof ReLU && !norm.hasForwardHooks && !relu.hasForwardHooks) {
    return norm.forwardRelu(y);
  }
  return relu.forward(norm.forward(y));
}
