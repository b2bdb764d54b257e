import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';

export interface StepLROptions {
  stepSize: number;
  gamma?: number;
}

/** Multiplies each group's lr by gamma every stepSize epochs, as torch.optim.lr_scheduler.StepLR. */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: SchedulableOptimizer, options: StepLROptions) {
    super(optimizer);
    const { stepSize, gamma = 0.1 } = options ?? {};
    if (!Number.isInteger(stepSize) || stepSize < 1) {
      throw new Error(`StepLR: stepSize is ${String(stepSize)} (expected a positive integer)`);
    }
    if (typeof gamma !== 'number' || Number.isNaN(gamma)) throw new Error(`StepLR: gamma is ${String(gamma)} (expected a number)`);
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.initialStep();
  }

  // PyTorch's chainable form: scale the live lr, so schedulers compose.
  protected computeLr(): number[] {
    const lrs = this.currentLrs();
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return lrs;
    return lrs.map((lr) => lr * this.gamma);
  }
}
