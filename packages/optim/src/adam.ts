import { AdamBase, type AdamHyperparameters, type AdamOptions } from './adam-base.js';
import type { Params } from './param-groups.js';

/** Adam, as torch.optim.Adam: weightDecay is L2 (g += weightDecay·p before the moments). */
export class Adam extends AdamBase {
  protected readonly decoupledWeightDecay = false;

  constructor(params: Params<AdamHyperparameters>, options: AdamOptions = {}) {
    super('Adam', params, options, 0);
  }
}
