import type { Tensor } from '@stride/core-tensor';
import type { ConvNd, FoldsIntoConv } from '@stride/layers';
import { batchNorm } from '../functional/batch-norm.js';
import { fuseConvBn } from '../fuse-conv-bn.js';
import { checkInputRank, NormBase, type NormBaseOptions } from './norm-base.js';

export type BatchNormLayerOptions = NormBaseOptions;

/**
 * PyTorch's `_BatchNorm`: training normalises with the batch statistics and, when tracking,
 * counts the batch and updates the running mean and unbiased running variance with `momentum`
 * (the cumulative average when momentum is null); eval normalises with the running statistics,
 * or with the batch's when `trackRunningStats` is false.
 */
export abstract class BatchNormBase extends NormBase implements FoldsIntoConv {
  protected constructor(
    private readonly op: string,
    private readonly ranks: readonly number[],
    numFeatures: number,
    opts: BatchNormLayerOptions,
  ) {
    super(op, numFeatures, opts, { affine: true, trackRunningStats: true });
  }

  forward(x: Tensor): Tensor {
    return this.#normalize(x, false);
  }

  /**
   * forward(x) followed by ReLU, computed inside the batch norm kernels (one pass each way instead
   * of three). Forward hooks on this module see the rectified output, so callers that honour
   * hooks use it only where none is registered (`hasForwardHooks`).
   */
  forwardRelu(x: Tensor): Tensor {
    return this.#normalize(x, true);
  }

  #normalize(x: Tensor, relu: boolean): Tensor {
    checkInputRank(this.op, x, this.ranks);
    const useBatchStats = this.training || !this.runningMean;
    // Training without tracking passes no running tensors, so nothing is updated.
    const withRunning = !this.training || this.trackRunningStats;
    return batchNorm(x, withRunning ? this.runningMean : null, withRunning ? this.runningVar : null, this.weight, this.bias, {
      training: useBatchStats,
      momentum: this.momentum,
      eps: this.eps,
      numBatchesTracked: this.training ? this.numBatchesTracked : null,
      relu,
    });
  }

  /** This eval-mode batch norm folded into `conv` (fuseConvBn), for `fuse()`; null without running statistics. */
  foldInto<C extends ConvNd>(conv: C): C | null {
    return this.runningMean && this.runningVar ? fuseConvBn(conv, this) : null;
  }
}

/** nn.BatchNorm1d: input [N, C] or [N, C, L], statistics per channel C. */
export class BatchNorm1d extends BatchNormBase {
  constructor(numFeatures: number, opts: BatchNormLayerOptions = {}) {
    super('BatchNorm1d', [2, 3], numFeatures, opts);
  }
}

/** nn.BatchNorm2d: input [N, C, H, W], statistics per channel C. */
export class BatchNorm2d extends BatchNormBase {
  constructor(numFeatures: number, opts: BatchNormLayerOptions = {}) {
    super('BatchNorm2d', [4], numFeatures, opts);
  }
}
