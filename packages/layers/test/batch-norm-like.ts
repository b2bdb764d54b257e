import { ones, zeros, type Tensor } from '@stride/core-tensor';
import { Module, parameter } from '../src/index.ts';

/** Registers BatchNorm2d's tensors the way @stride/norm does, to check key order against PyTorch. */
export class BatchNormLike extends Module {
  declare runningMean: Tensor | null;
  declare runningVar: Tensor | null;
  declare numBatchesTracked: Tensor | null;
  weight: Tensor;
  bias: Tensor;
  constructor(n: number) {
    super();
    // Buffers first on purpose: stateDict still lists parameters before buffers, as PyTorch.
    this.registerBuffer('runningMean', zeros([n]));
    this.registerBuffer('runningVar', ones([n]));
    this.registerBuffer('numBatchesTracked', zeros([], { dtype: 'int32' }));
    this.weight = parameter(ones([n]));
    this.bias = parameter(zeros([n]));
  }
  forward(x: Tensor): Tensor {
    return x;
  }
}
