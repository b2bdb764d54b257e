import type { Tensor } from '@stride/core-tensor';
import { checkNonNegative } from './hyperparameters.js';
import { Optimizer } from './optimizer.js';
import type { Params } from './param-groups.js';

export interface AdagradOptions {
  lr?: number;
  lrDecay?: number;
  weightDecay?: number;
  initialAccumulatorValue?: number;
  eps?: number;
}
export type AdagradHyperparameters = Required<AdagradOptions>;
export type AdagradState = { step: number; sum: Tensor };

/**
 * Adagrad, as torch.optim.Adagrad: g += weightDecay·p; sum += g²;
 * p −= lr / (1 + (step − 1)·lrDecay) · g / (√sum + eps).
 */
export class Adagrad extends Optimizer<AdagradHyperparameters, AdagradState> {
  constructor(params: Params<AdagradHyperparameters>, options: AdagradOptions = {}) {
    super('Adagrad', params, {
      lr: options.lr ?? 0.01,
      lrDecay: options.lrDecay ?? 0,
      weightDecay: options.weightDecay ?? 0,
      initialAccumulatorValue: options.initialAccumulatorValue ?? 0,
      eps: options.eps ?? 1e-10,
    });
    // Unlike the others, torch.optim.Adagrad creates its state in the constructor.
    for (const group of this.paramGroups) for (const p of group.params) this.stateOf(p, group);
  }

  protected checkHyperparameters(h: AdagradHyperparameters, where: string): void {
    checkNonNegative(where, h, ['lr', 'lrDecay', 'weightDecay', 'initialAccumulatorValue', 'eps']);
  }

  protected initialState(p: Tensor, h: AdagradHyperparameters): AdagradState {
    return { step: 0, sum: this.buffer(p, h.initialAccumulatorValue) };
  }

  protected update(p: Tensor, grad: Tensor, state: AdagradState, h: AdagradHyperparameters): void {
    state.step += 1;
    const g = h.weightDecay !== 0 ? grad.add(p.mul(h.weightDecay)) : grad;
    const clr = h.lr / (1 + (state.step - 1) * h.lrDecay);
    state.sum.assign(state.sum.add(g.square()));
    p.assign(p.sub(g.div(state.sum.sqrt().add(h.eps)).mul(clr)));
  }
}
