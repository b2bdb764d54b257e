import type { Hyperparameters } from '../param-groups.js';
import { epochCounter, numberList } from '../checks.js';
import { StateReader } from '../state-reader.js';
import type { Scheduler, SchedulerStateDict } from './scheduler-state.js';

/** What a scheduler needs of an optimizer: its live param groups and its defaults. */
export interface SchedulableOptimizer {
  readonly name: string;
  readonly defaults: Readonly<Hyperparameters>;
  readonly paramGroups: readonly (Hyperparameters & { initialLr?: number })[];
}

/**
 * The base of every epoch-driven learning-rate scheduler, as torch.optim.lr_scheduler._LRScheduler:
 * `lastEpoch` counts step() calls from -1, each step() sets every group's `lr` to what
 * `computeLr()` gives, and construction ends with one step() (epoch 0), which is how PyTorch
 * sets the initial rate. Call `optimizer.step()` before `scheduler.step()`, as in PyTorch.
 *
 * `stateDict()` holds the counters and the settings, never the optimizer; to resume, build the
 * optimizer and the scheduler as before, then `loadStateDict` both (the optimizer's carries each
 * group's live lr, the scheduler's where its schedule stands), as in PyTorch.
 */
export abstract class LRScheduler implements Scheduler {
  /** PyTorch's last_epoch: 0 after construction, +1 per step(). */
  lastEpoch = -1;
  /** Each group's `initialLr` when the scheduler was made (PyTorch's base_lrs). */
  baseLrs: number[];
  protected lastLr: number[] = [];

  /**
   * Sets each group's `initialLr` — to `initialLrs` where given (OneCycleLR's own start), else
   * to its current `lr` unless an earlier scheduler set it (PyTorch's setdefault).
   */
  protected constructor(
    readonly name: string,
    readonly optimizer: SchedulableOptimizer,
    initialLrs?: readonly number[],
  ) {
    optimizer.paramGroups.forEach((g, i) => {
      g.initialLr = initialLrs?.[i] ?? g.initialLr ?? g.lr;
    });
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr!);
  }

  /** Advances one epoch (or batch, for OneCycleLR and CyclicLR) and sets each group's lr. */
  step(): void {
    this.lastEpoch += 1;
    this.setLrs(this.computeLr());
  }

  /** The learning rate of each param group set by the last step(). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** PyTorch's state_dict: `lastEpoch`, `baseLrs`, `lastLr`, then the scheduler's own entries. */
  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs], lastLr: [...this.lastLr], ...this.ownState() };
  }

  /**
   * Restores what `stateDict()` returned, as PyTorch's load_state_dict (settings included). Every
   * entry is checked first, so a state dict that does not fit throws and changes nothing. It does
   * not touch the optimizer: load the optimizer's state dict too.
   */
  loadStateDict(stateDict: SchedulerStateDict): void {
    const read = new StateReader(`${this.name}.loadStateDict`, stateDict);
    const groups = numberList(this.optimizer.paramGroups.length);
    const lastEpoch = read.get('lastEpoch', epochCounter);
    const baseLrs = read.get('baseLrs', groups);
    const lastLr = read.get('lastLr', groups);
    const applyOwn = this.readOwnState(read);
    this.lastEpoch = lastEpoch;
    this.baseLrs = baseLrs;
    this.lastLr = lastLr;
    applyOwn();
  }

  /** Each group's lr at `lastEpoch`. PyTorch's get_lr. */
  protected abstract computeLr(): number[];

  /** The scheduler's own state dict entries: its settings and any counters besides lastEpoch. */
  protected abstract ownState(): SchedulerStateDict;

  /** Checks the scheduler's own entries of a state dict and returns what sets them. */
  protected abstract readOwnState(read: StateReader): () => void;

  /**
   * The lrs at `lastEpoch` in closed form, where PyTorch has one (_get_closed_form_lr); the
   * others give computeLr(). Used when SequentialLR restarts a scheduler at a milestone.
   */
  protected closedFormLr(): number[] {
    return this.computeLr();
  }

  /**
   * Restarts the schedule at epoch 0, as PyTorch's deprecated step(0), which SequentialLR calls
   * on the scheduler it switches to at a milestone.
   */
  protected restart(): void {
    this.lastEpoch = 0;
    this.setLrs(this.closedFormLr());
  }

  /** SequentialLR's access to another scheduler's restart (a protected member of the base). */
  protected static restartScheduler(scheduler: LRScheduler): void {
    scheduler.restart();
  }

  /** PyTorch's initial step; subclasses call it last in their constructor, once their fields are set. */
  protected initialStep(): void {
    this.step();
  }

  protected setLrs(lrs: readonly number[]): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = lrs[i]!;
    });
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  protected currentLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }
}
