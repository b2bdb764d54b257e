import { functional as F, full, type Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';
import { checkCounts } from './args.js';

/**
 * nn.PReLU(numParameters = 1, { init = 0.25 }): a learned negative slope, one for every channel
 * or one per channel (dim 1). The slopes are the parameter `weight` (torch's state-dict key).
 */
export class PReLU extends Module {
  readonly numParameters: number;
  weight!: Tensor;

  constructor(numParameters = 1, opts: { init?: number } = {}) {
    super();
    checkCounts('PReLU', { numParameters });
    this.numParameters = numParameters;
    this.registerParameter('weight', full([numParameters], opts.init ?? 0.25));
  }

  forward(x: Tensor): Tensor {
    return F.prelu(x, this.weight);
  }
}
