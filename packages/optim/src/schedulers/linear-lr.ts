import { numberIn, positiveInteger } from '../checks.js';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';
import type { StateReader } from '../state-reader.js';
import type { SchedulerStateDict } from './scheduler-state.js';

export interface LinearLROptions {
  startFactor?: number;
  endFactor?: number;
  totalIters?: number;
}

// PyTorch 1.13 accepts startFactor 0, then divides by zero on the first step; later versions refuse it.
const startFactors = numberIn(0, 1, { openMin: true });
const endFactors = numberIn(0, 1);

/**
 * Scales each group's initial lr by a factor moving linearly from startFactor to endFactor over
 * totalIters epochs, then holds it, as torch.optim.lr_scheduler.LinearLR (a warmup, or a decay).
 * It uses PyTorch's chainable form, each lr computed from the previous one in the same order.
 */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;

  constructor(optimizer: SchedulableOptimizer, options: LinearLROptions = {}) {
    const { startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = options;
    const where = 'LinearLR: ';
    // Every scheduler checks its options before super(), which writes each group's initialLr
    // into the optimizer, so bad options change nothing; hence the same check-then-assign shape.
    const checked = {
      startFactor: startFactors(where, 'startFactor', startFactor),
      endFactor: endFactors(where, 'endFactor', endFactor),
      totalIters: positiveInteger(where, 'totalIters', totalIters),
    };
    super('LinearLR', optimizer);
    this.startFactor = checked.startFactor;
    this.endFactor = checked.endFactor;
    this.totalIters = checked.totalIters;
    this.initialStep();
  }

  protected computeLr(): number[] {
    const { lastEpoch: e, startFactor: s, endFactor: f, totalIters: n } = this;
    const lrs = this.currentLrs();
    if (e === 0) return lrs.map((lr) => lr * s);
    if (e > n) return lrs;
    return lrs.map((lr) => lr * (1 + (f - s) / (n * s + (e - 1) * (f - s))));
  }

  protected override closedFormLr(): number[] {
    const { lastEpoch: e, startFactor: s, endFactor: f, totalIters: n } = this;
    return this.baseLrs.map((base) => base * (s + ((f - s) * Math.min(n, e)) / n));
  }

  protected ownState(): SchedulerStateDict {
    return { startFactor: this.startFactor, endFactor: this.endFactor, totalIters: this.totalIters };
  }

  protected readOwnState(read: StateReader): () => void {
    const startFactor = read.get('startFactor', startFactors);
    const endFactor = read.get('endFactor', endFactors);
    const totalIters = read.get('totalIters', positiveInteger);
    return () => Object.assign(this, { startFactor, endFactor, totalIters });
  }
}
