import { adamStep, type Tensor } from '@stride/core-tensor';
import { checkBetas, checkNonNegative } from './hyperparameters.js';
import { Optimizer } from './optimizer.js';
import type { Params } from './param-groups.js';

export interface AdamOptions {
  lr?: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
}
export interface AdamHyperparameters {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
}
export type AdamState = { step: number; expAvg: Tensor; expAvgSq: Tensor; maxExpAvgSq?: Tensor };

/**
 * The update Adam and AdamW share, as torch.optim's _single_tensor_adam(w):
 * m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g² (v replaced by its running max with amsgrad);
 * p −= lr / (1 − β1^t) · m / (√v / √(1 − β2^t) + eps) — eps after the bias correction.
 * They differ only in weight decay: Adam adds weightDecay·p to g (L2), AdamW first scales p by
 * 1 − lr·weightDecay (decoupled).
 */
export abstract class AdamBase extends Optimizer<AdamHyperparameters, AdamState> {
  protected abstract readonly decoupledWeightDecay: boolean;

  protected constructor(name: string, params: Params<AdamHyperparameters>, options: AdamOptions, defaultWeightDecay: number) {
    const betas = options.betas ?? [0.9, 0.999];
    super(name, params, {
      lr: options.lr ?? 1e-3,
      // Copied so the caller's array is not the group's; checkBetas reports anything else as given.
      betas: (Array.isArray(betas) ? [...betas] : betas) as [number, number],
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? defaultWeightDecay,
      amsgrad: options.amsgrad ?? false,
    });
  }

  protected checkHyperparameters(h: AdamHyperparameters, where: string): void {
    checkNonNegative(where, h, ['lr', 'eps', 'weightDecay']);
    checkBetas(where, h.betas);
  }

  protected initialState(p: Tensor): AdamState {
    return { step: 0, expAvg: this.buffer(p), expAvgSq: this.buffer(p) };
  }

  /** One fused backend pass per parameter (core's default composes the same ops in this order). */
  protected update(p: Tensor, grad: Tensor, state: AdamState, h: AdamHyperparameters): void {
    const [beta1, beta2] = h.betas;
    state.step += 1;
    const max = h.amsgrad ? (state.maxExpAvgSq ??= this.buffer(p)) : null;
    adamStep(p, grad, state.expAvg, state.expAvgSq, max, {
      lr: h.lr,
      beta1,
      beta2,
      eps: h.eps,
      weightDecay: h.weightDecay,
      decoupledWeightDecay: this.decoupledWeightDecay,
      step: state.step,
    });
  }
}
