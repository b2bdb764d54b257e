import { aNumber, positiveInteger } from '../checks.js';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';
import { powInt } from './power.js';
import type { StateReader } from '../state-reader.js';
import type { SchedulerStateDict } from './scheduler-state.js';

export interface StepLROptions {
  stepSize: number;
  gamma?: number;
}

/** Multiplies each group's lr by gamma every stepSize epochs, as torch.optim.lr_scheduler.StepLR. */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;

  constructor(optimizer: SchedulableOptimizer, options: StepLROptions) {
    const { stepSize, gamma = 0.1 } = options ?? {};
    const where = 'StepLR: ';
    const checked = { stepSize: positiveInteger(where, 'stepSize', stepSize), gamma: aNumber(where, 'gamma', gamma) };
    super('StepLR', optimizer);
    this.stepSize = checked.stepSize;
    this.gamma = checked.gamma;
    this.initialStep();
  }

  // PyTorch's chainable form: scale the live lr, so schedulers compose.
  protected computeLr(): number[] {
    const lrs = this.currentLrs();
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return lrs;
    return lrs.map((lr) => lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((base) => base * powInt(this.gamma, Math.floor(this.lastEpoch / this.stepSize)));
  }

  protected ownState(): SchedulerStateDict {
    return { stepSize: this.stepSize, gamma: this.gamma };
  }

  protected readOwnState(read: StateReader): () => void {
    const stepSize = read.get('stepSize', positiveInteger);
    const gamma = read.get('gamma', aNumber);
    return () => Object.assign(this, { stepSize, gamma });
  }
}
