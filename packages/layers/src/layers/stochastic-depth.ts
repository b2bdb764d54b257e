import { functional as F, type Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';
import { checkProbability } from './dropout.js';
import { MaskSeeds } from './mask-seeds.js';

/**
 * torchvision.ops.StochasticDepth(p, mode): in training mode drops the residual branch it wraps
 * the output of with probability p, per sample ('row') or for the whole batch ('batch'), and
 * scales what survives by 1/(1−p); in eval mode the identity. `{ seed }` fixes the draws.
 */
export class StochasticDepth extends Module {
  readonly p: number;
  readonly mode: 'row' | 'batch';
  #seeds: MaskSeeds;

  constructor(p: number, mode: 'row' | 'batch', opts: { seed?: number } = {}) {
    super();
    this.p = checkProbability('StochasticDepth', p);
    if (mode !== 'row' && mode !== 'batch') throw new Error(`StochasticDepth: mode must be 'row' or 'batch' but got '${String(mode)}'`);
    this.mode = mode;
    this.#seeds = new MaskSeeds(opts.seed);
  }

  forward(x: Tensor): Tensor {
    return F.stochasticDepth(x, { p: this.p, mode: this.mode, training: this.training, seed: this.#seeds.next(this.training) });
  }
}
