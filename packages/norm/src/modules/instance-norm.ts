import type { Tensor } from '@stride/core-tensor';
import { instanceNorm } from '../functional/instance-norm.js';
import { composite } from '@stride/core-tensor';
import { checkInputRank, NormBase, type NormBaseOptions } from './norm-base.js';

export interface InstanceNormLayerOptions extends NormBaseOptions {
  momentum?: number;
}

/**
 * nn.InstanceNorm2d: input [N, C, H, W] (or unbatched [C, H, W]); each (sample, channel) is
 * normalised over H×W. Defaults differ from BatchNorm as in PyTorch: no affine, no running
 * statistics. When tracking, training updates running_mean/running_var (num_batches_tracked
 * exists for the state dict but, as in PyTorch, is not counted) and eval normalises with them.
 */
export class InstanceNorm2d extends NormBase {
  constructor(numFeatures: number, opts: InstanceNormLayerOptions = {}) {
    super('InstanceNorm2d', numFeatures, opts, { affine: false, trackRunningStats: false });
  }

  forward(x: Tensor): Tensor {
    checkInputRank('InstanceNorm2d', x, [3, 4]);
    if (x.ndim === 3) return composite(() => this.forward(x.unsqueeze(0)).squeeze(0));
    if (this.affine && x.shape[1] !== this.numFeatures) {
      throw new Error(
        `InstanceNorm2d: input has ${x.shape[1]} channels (shape [${x.shape.join(', ')}]) but numFeatures is ${this.numFeatures} (expected equal with affine=true)`,
      );
    }
    return instanceNorm(x, this.runningMean, this.runningVar, this.weight, this.bias, {
      useInputStats: this.training || !this.trackRunningStats,
      momentum: this.momentum ?? 0.1,
      eps: this.eps,
    });
  }
}
