import { aNumber, positiveNumber } from '../checks.js';
import { cosine } from './cosine.js';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';
import type { StateReader } from '../state-reader.js';
import type { SchedulerStateDict } from './scheduler-state.js';

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
  tMax: number;
  etaMin: number;

  constructor(optimizer: SchedulableOptimizer, options: CosineAnnealingLROptions) {
    const { tMax, etaMin = 0 } = options ?? {};
    const where = 'CosineAnnealingLR: ';
    const checked = { tMax: positiveNumber(where, 'tMax', tMax), etaMin: aNumber(where, 'etaMin', etaMin) };
    super('CosineAnnealingLR', optimizer);
    this.tMax = checked.tMax;
    this.etaMin = checked.etaMin;
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

  protected override closedFormLr(): number[] {
    const { lastEpoch: e, tMax, etaMin } = this;
    return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + cosine((Math.PI * e) / tMax))) / 2);
  }

  protected ownState(): SchedulerStateDict {
    return { tMax: this.tMax, etaMin: this.etaMin };
  }

  protected readOwnState(read: StateReader): () => void {
    const tMax = read.get('tMax', positiveNumber);
    const etaMin = read.get('etaMin', aNumber);
    return () => Object.assign(this, { tMax, etaMin });
  }
}
