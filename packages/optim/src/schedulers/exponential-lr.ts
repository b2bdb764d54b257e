import { aNumber } from '../checks.js';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';
import { powInt } from './power.js';
import type { StateReader } from '../state-reader.js';
import type { SchedulerStateDict } from './scheduler-state.js';

export interface ExponentialLROptions {
  gamma: number;
}

/** Multiplies each group's lr by gamma every epoch, as torch.optim.lr_scheduler.ExponentialLR. */
export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(optimizer: SchedulableOptimizer, options: ExponentialLROptions) {
    const gamma = aNumber('ExponentialLR: ', 'gamma', options?.gamma);
    super('ExponentialLR', optimizer);
    this.gamma = gamma;
    this.initialStep();
  }

  // Chainable: lr·gamma each epoch, so the rates equal PyTorch's product rather than gamma^epoch.
  protected computeLr(): number[] {
    const lrs = this.currentLrs();
    return this.lastEpoch === 0 ? lrs : lrs.map((lr) => lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * powInt(this.gamma, this.lastEpoch));
  }

  protected ownState(): SchedulerStateDict {
    return { gamma: this.gamma };
  }

  protected readOwnState(read: StateReader): () => void {
    const gamma = read.get('gamma', aNumber);
    return () => Object.assign(this, { gamma });
  }
}
