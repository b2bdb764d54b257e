import { describe, increasingIntegers } from '../checks.js';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';
import type { StateReader } from '../state-reader.js';
import type { SchedulerStateDict } from './scheduler-state.js';

export interface SequentialLROptions {
  /** Schedulers built on the same optimizer, run one after the other. */
  schedulers: readonly LRScheduler[];
  /** The epochs at which the next scheduler takes over: one fewer than the schedulers. */
  milestones: readonly number[];
}

const milestoneList = increasingIntegers(1);

/**
 * Runs schedulers one after another, as torch.optim.lr_scheduler.SequentialLR: the first until
 * milestones[0], the next from there (restarted at its epoch 0, in closed form where it has one,
 * as PyTorch's step(0)), and so on. Construction undoes the steps the schedulers took when they
 * were built and re-runs the first one's, so build them just before, in order (a warmup, then the
 * main schedule). The state dict nests each scheduler's own, as PyTorch's.
 */
export class SequentialLR extends LRScheduler {
  readonly schedulers: readonly LRScheduler[];
  milestones: number[];

  constructor(optimizer: SchedulableOptimizer, options: SequentialLROptions) {
    const { schedulers, milestones } = options ?? {};
    const where = 'SequentialLR: ';
    if (!Array.isArray(schedulers) || schedulers.length === 0) {
      throw new Error(`${where}schedulers is ${describe(schedulers)} (expected a non-empty array of schedulers)`);
    }
    schedulers.forEach((s: unknown, i) => {
      if (!(s instanceof LRScheduler) || s instanceof SequentialLR) {
        const what = s instanceof SequentialLR ? 'a SequentialLR' : ((s as { name?: string })?.name ?? typeof s);
        throw new Error(
          `${where}schedulers[${i}] is ${what} (expected an epoch scheduler such as LinearLR or CosineAnnealingLR; ReduceLROnPlateau and SequentialLR cannot be nested)`,
        );
      }
      if (s.optimizer !== optimizer) {
        throw new Error(
          `${where}schedulers[${i}] (${s.name}) steps another optimizer (expected every scheduler to be built on the optimizer given to SequentialLR)`,
        );
      }
    });
    const checked = milestoneList(where, 'milestones', milestones);
    if (checked.length !== schedulers.length - 1) {
      throw new Error(
        `${where}milestones has ${checked.length} entries for ${schedulers.length} schedulers (expected ${schedulers.length - 1}, one fewer than the schedulers)`,
      );
    }
    super('SequentialLR', optimizer);
    this.schedulers = [...schedulers];
    this.milestones = checked;
    this.lastEpoch = 0;
    // As PyTorch: back to the initial rates, each scheduler one step back, then the first one's initial step again.
    for (const g of optimizer.paramGroups) g.lr = g.initialLr!;
    for (const s of this.schedulers) s.lastEpoch -= 1;
    this.schedulers[0]!.step();
    this.lastLr = this.schedulers[0]!.getLastLr();
  }

  /** Steps the scheduler whose stretch `lastEpoch + 1` is in, restarting it at its milestone. */
  override step(): void {
    this.lastEpoch += 1;
    const index = this.milestones.filter((m) => m <= this.lastEpoch).length;
    const scheduler = this.schedulers[index]!;
    if (index > 0 && this.milestones[index - 1] === this.lastEpoch) LRScheduler.restartScheduler(scheduler);
    else scheduler.step();
    this.lastLr = scheduler.getLastLr();
  }

  protected computeLr(): number[] {
    return this.currentLrs();
  }

  protected ownState(): SchedulerStateDict {
    return { milestones: [...this.milestones], schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  /**
   * Loads the nested states here, while checking, so that one that does not fit restores the
   * others and throws before this scheduler changes.
   */
  protected readOwnState(read: StateReader): () => void {
    const milestones = read.get('milestones', milestoneList);
    if (milestones.length !== this.schedulers.length - 1) {
      throw new Error(
        `SequentialLR.loadStateDict: stateDict.milestones has ${milestones.length} entries for ${this.schedulers.length} schedulers (expected ${this.schedulers.length - 1})`,
      );
    }
    const states = read.states('schedulers', this.schedulers.length);
    const before = this.schedulers.map((s) => s.stateDict());
    try {
      this.schedulers.forEach((s, i) => s.loadStateDict(states[i]!));
    } catch (e) {
      this.schedulers.forEach((s, i) => s.loadStateDict(before[i]!));
      throw e;
    }
    return () => {
      this.milestones = milestones;
    };
  }
}
