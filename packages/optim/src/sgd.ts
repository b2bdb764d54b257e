import { keep, sgdStep, type Tensor } from '@stride/core-tensor';
import { checkNonNegative } from './hyperparameters.js';
import { Optimizer } from './optimizer.js';
import type { Params } from './param-groups.js';

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
}
export type SGDHyperparameters = Required<SGDOptions>;
export type SGDState = { momentumBuffer?: Tensor };

/**
 * Stochastic gradient descent with optional momentum, as torch.optim.SGD:
 * g += weightDecay·p; buf = g on the first step, then buf = momentum·buf + (1 − dampening)·g;
 * p −= lr·(nesterov ? g + momentum·buf : buf).
 */
export class SGD extends Optimizer<SGDHyperparameters, SGDState> {
  constructor(params: Params<SGDHyperparameters>, options: SGDOptions) {
    super('SGD', params, {
      lr: options?.lr,
      momentum: options?.momentum ?? 0,
      dampening: options?.dampening ?? 0,
      nesterov: options?.nesterov ?? false,
      weightDecay: options?.weightDecay ?? 0,
    });
  }

  protected checkHyperparameters(h: SGDHyperparameters, where: string): void {
    checkNonNegative(where, h, ['lr', 'momentum', 'weightDecay']);
    if (h.nesterov && (h.momentum <= 0 || h.dampening !== 0)) {
      throw new Error(
        `${where}nesterov requires momentum > 0 and dampening = 0, but momentum is ${h.momentum} and dampening is ${h.dampening}`,
      );
    }
  }

  protected initialState(): SGDState {
    return {};
  }

  /** One fused backend pass per parameter (core's default composes the same ops). */
  protected update(p: Tensor, grad: Tensor, state: SGDState, h: SGDHyperparameters): void {
    const created = sgdStep(p, grad, state.momentumBuffer ?? null, h);
    if (created) state.momentumBuffer = keep(created);
  }
}
