import type { Hyperparameters } from '../param-groups.js';

/** What a scheduler needs of an optimizer: its live param groups and its defaults. */
export interface SchedulableOptimizer {
  readonly name: string;
  readonly defaults: Readonly<Hyperparameters>;
  readonly paramGroups: readonly (Hyperparameters & { initialLr?: number })[];
}

/**
 * The base of every learning-rate scheduler, as torch.optim.lr_scheduler._LRScheduler:
 * `lastEpoch` counts step() calls from -1, each step() sets every group's `lr` to what
 * `computeLr()` gives, and construction ends with one step() (epoch 0), which is how PyTorch
 * sets the initial rate. Call `optimizer.step()` before `scheduler.step()`, as in PyTorch.
 */
export abstract class LRScheduler {
  /** PyTorch's last_epoch: 0 after construction, +1 per step(). */
  lastEpoch = -1;
  /** Each group's `initialLr` when the scheduler was made (PyTorch's base_lrs). */
  readonly baseLrs: readonly number[];
  private lastLr: number[] = [];

  /**
   * Sets each group's `initialLr` — to `initialLrs` where given (OneCycleLR's own start), else
   * to its current `lr` unless an earlier scheduler set it (PyTorch's setdefault).
   */
  protected constructor(readonly optimizer: SchedulableOptimizer, initialLrs?: readonly number[]) {
    optimizer.paramGroups.forEach((g, i) => {
      g.initialLr = initialLrs?.[i] ?? g.initialLr ?? g.lr;
    });
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr!);
  }

  /** Advances one epoch (or batch, for OneCycleLR) and sets each group's lr. */
  step(): void {
    this.lastEpoch += 1;
    const lrs = this.computeLr();
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = lrs[i]!;
    });
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The learning rate of each param group set by the last step(). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** Each group's lr at `lastEpoch`. PyTorch's get_lr. */
  protected abstract computeLr(): number[];

  /** PyTorch's initial step; subclasses call it last in their constructor, once their fields are set. */
  protected initialStep(): void {
    this.step();
  }

  protected currentLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }
}
