import { AdamBase, type AdamHyperparameters, type AdamOptions } from './adam-base.js';
import type { Params } from './param-groups.js';

/**
 * AdamW, as torch.optim.AdamW: decoupled weight decay, p *= 1 − lr·weightDecay before the Adam
 * step, so decay does not pass through the moments. weightDecay defaults to 1e-2.
 */
export class AdamW extends AdamBase {
  protected readonly decoupledWeightDecay = true;

  constructor(params: Params<AdamHyperparameters>, options: AdamOptions = {}) {
    super('AdamW', params, options, 1e-2);
  }
}
