import { ones, zeros, type Backend, type Tensor } from '@stride/core-tensor';
import { Module } from '@stride/layers';
import { groupNorm } from '../functional/group-norm.js';

export interface GroupNormLayerOptions {
  eps?: number;
  /** Learnable per-channel weight (ones) and bias (zeros). */
  affine?: boolean;
  backend?: Backend;
}

/** nn.GroupNorm: normalises each sample over groups of numChannels/numGroups channels, in train and eval alike. */
export class GroupNorm extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly affine: boolean;
  weight!: Tensor | null;
  bias!: Tensor | null;

  constructor(numGroups: number, numChannels: number, opts: GroupNormLayerOptions = {}) {
    super();
    if (!Number.isInteger(numGroups) || !Number.isInteger(numChannels) || numGroups < 1 || numChannels % numGroups !== 0) {
      throw new Error(`GroupNorm: numChannels (${numChannels}) must be divisible by numGroups (${numGroups}), both positive integers`);
    }
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = opts.eps ?? 1e-5;
    this.affine = opts.affine ?? true;
    const backend = opts.backend;
    this.registerParameter('weight', this.affine ? ones([numChannels], { backend }) : null);
    this.registerParameter('bias', this.affine ? zeros([numChannels], { backend }) : null);
  }

  forward(x: Tensor): Tensor {
    if (x.ndim >= 2 && x.shape[1] !== this.numChannels) {
      throw new Error(`GroupNorm: input has ${x.shape[1]} channels (shape [${x.shape.join(', ')}]) but numChannels is ${this.numChannels}`);
    }
    return groupNorm(x, this.numGroups, this.weight, this.bias, { eps: this.eps });
  }
}
