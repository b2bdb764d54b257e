import { cosine } from './cosine.js';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';

export interface CosineAnnealingLROptions {
  tMax: number;
  etaMin?: number;
}

/**
 * Cosine annealing from each group's initial lr to etaMin over tMax epochs, then back up (a
 * period of 2·tMax), as torch.optim.lr_scheduler.CosineAnnealingLR. It uses PyTorch's
 * recursive form, each lr computed from the previous one, and the same float64 operations in
 * the same order, so the rates equal PyTorch's.
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: SchedulableOptimizer, options: CosineAnnealingLROptions) {
    super(optimizer);
    const { tMax, etaMin = 0 } = options ?? {};
    if (typeof tMax !== 'number' || !(tMax > 0)) throw new Error(`CosineAnnealingLR: tMax is ${String(tMax)} (expected a number > 0)`);
    if (typeof etaMin !== 'number' || Number.isNaN(etaMin)) throw new Error(`CosineAnnealingLR: etaMin is ${String(etaMin)} (expected a number)`);
    this.tMax = tMax;
    this.etaMin = etaMin;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const { lastEpoch: e, tMax, etaMin } = this;
    const lrs = this.currentLrs();
    if (e === 0) return lrs;
    if ((e - 1 - tMax) % (2 * tMax) === 0) {
      // The first epoch of a rising half: the recursive ratio would divide by 1 + cos(π) = 0.
      return lrs.map((lr, i) => lr + ((this.baseLrs[i]! - etaMin) * (1 - cosine(Math.PI / tMax))) / 2);
    }
    return lrs.map((lr) => ((1 + cosine((Math.PI * e) / tMax)) / (1 + cosine((Math.PI * (e - 1)) / tMax))) * (lr - etaMin) + etaMin);
  }
}
