import { aNumber, increasingIntegers } from '../checks.js';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';
import { powInt } from './power.js';
import type { StateReader } from '../state-reader.js';
import type { SchedulerStateDict } from './scheduler-state.js';

export interface MultiStepLROptions {
  milestones: readonly number[];
  gamma?: number;
}

const milestoneList = increasingIntegers(0);

/**
 * Multiplies each group's lr by gamma at each milestone epoch, as
 * torch.optim.lr_scheduler.MultiStepLR. Milestones must increase, as PyTorch's documentation
 * asks (PyTorch itself would count a repeated one twice).
 */
export class MultiStepLR extends LRScheduler {
  milestones: number[];
  gamma: number;

  constructor(optimizer: SchedulableOptimizer, options: MultiStepLROptions) {
    const { milestones, gamma = 0.1 } = options ?? {};
    const where = 'MultiStepLR: ';
    const checked = { milestones: milestoneList(where, 'milestones', milestones), gamma: aNumber(where, 'gamma', gamma) };
    super('MultiStepLR', optimizer);
    this.milestones = checked.milestones;
    this.gamma = checked.gamma;
    this.initialStep();
  }

  // Chainable, as StepLR: scale the live lr at a milestone.
  protected computeLr(): number[] {
    const lrs = this.currentLrs();
    if (!this.milestones.includes(this.lastEpoch)) return lrs;
    return lrs.map((lr) => lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    const passed = this.milestones.filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((base) => base * powInt(this.gamma, passed));
  }

  protected ownState(): SchedulerStateDict {
    return { milestones: [...this.milestones], gamma: this.gamma };
  }

  protected readOwnState(read: StateReader): () => void {
    const milestones = read.get('milestones', milestoneList);
    const gamma = read.get('gamma', aNumber);
    return () => Object.assign(this, { milestones, gamma });
  }
}
