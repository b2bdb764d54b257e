import type { Tensor } from '@stride/core-tensor';
import { checkNonNegative } from './hyperparameters.js';
import { Optimizer } from './optimizer.js';
import type { Params } from './param-groups.js';

export interface RMSpropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
}
export type RMSpropHyperparameters = Required<RMSpropOptions>;
export type RMSpropState = { step: number; squareAvg: Tensor; momentumBuffer?: Tensor; gradAvg?: Tensor };

/**
 * RMSprop, as torch.optim.RMSprop: g += weightDecay·p; v = α·v + (1 − α)·g²;
 * avg = √(v − ḡ²) when centered (ḡ the running mean of g), else √v; then eps is added outside
 * the square root; p −= lr·g/(avg + eps), through a momentum buffer when momentum > 0.
 */
export class RMSprop extends Optimizer<RMSpropHyperparameters, RMSpropState> {
  constructor(params: Params<RMSpropHyperparameters>, options: RMSpropOptions = {}) {
    super('RMSprop', params, {
      lr: options.lr ?? 0.01,
      alpha: options.alpha ?? 0.99,
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      momentum: options.momentum ?? 0,
      centered: options.centered ?? false,
    });
  }

  protected checkHyperparameters(h: RMSpropHyperparameters, where: string): void {
    checkNonNegative(where, h, ['lr', 'eps', 'momentum', 'weightDecay', 'alpha']);
  }

  protected initialState(p: Tensor): RMSpropState {
    return { step: 0, squareAvg: this.buffer(p) };
  }

  protected update(p: Tensor, grad: Tensor, state: RMSpropState, h: RMSpropHyperparameters): void {
    state.step += 1;
    const g = h.weightDecay !== 0 ? grad.add(p.mul(h.weightDecay)) : grad;
    const { squareAvg } = state;
    squareAvg.assign(squareAvg.mul(h.alpha).add(g.square().mul(1 - h.alpha)));
    let avg: Tensor;
    if (h.centered) {
      // Buffers appear when first needed: a scheduler may turn momentum on after construction.
      const gradAvg = (state.gradAvg ??= this.buffer(p));
      gradAvg.assign(gradAvg.mul(h.alpha).add(g.mul(1 - h.alpha)));
      avg = squareAvg.sub(gradAvg.square()).sqrt().add(h.eps);
    } else {
      avg = squareAvg.sqrt().add(h.eps);
    }
    if (h.momentum > 0) {
      const buf = (state.momentumBuffer ??= this.buffer(p));
      buf.assign(buf.mul(h.momentum).add(g.div(avg)));
      p.assign(p.sub(buf.mul(h.lr)));
    } else {
      p.assign(p.sub(g.div(avg).mul(h.lr)));
    }
  }
}
