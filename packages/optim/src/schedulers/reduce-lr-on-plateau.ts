import {
  aNumber,
  describe,
  epochCounter,
  nonNegativeInteger,
  nonNegativeNumber,
  numberIn,
  numberList,
  oneOf,
  perGroup,
} from '../checks.js';
import type { SchedulableOptimizer } from './lr-scheduler.js';
import { StateReader } from '../state-reader.js';
import type { Scheduler, SchedulerStateDict } from './scheduler-state.js';

export interface ReduceLROnPlateauOptions {
  /** 'min': the metric should fall (a loss); 'max': it should rise (an accuracy). */
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: 'rel' | 'abs';
  cooldown?: number;
  minLr?: number | readonly number[];
  eps?: number;
}

const modes = oneOf(['min', 'max'] as const);
const thresholdModes = oneOf(['rel', 'abs'] as const);
const factors = numberIn(0, 1, { openMax: true });

/**
 * Cuts each group's lr by `factor` once the metric has not improved for more than `patience`
 * steps, as torch.optim.lr_scheduler.ReduceLROnPlateau: improving means beating the best by
 * more than threshold (relative: best·(1 ∓ threshold); absolute: best ∓ threshold); after a cut,
 * `cooldown` steps pass before bad steps count again; lrs never go below minLr, and a cut smaller
 * than eps is skipped. Call `step(metric)` once per epoch with the validation metric.
 */
export class ReduceLROnPlateau implements Scheduler {
  readonly name = 'ReduceLROnPlateau';
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  cooldown: number;
  minLrs: number[];
  eps: number;
  /** The best metric so far (Infinity, or -Infinity in max mode, before the first step). */
  best: number;
  /** Steps in a row without improvement, not counting those in cooldown. */
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;
  private lastLr: number[];

  constructor(
    readonly optimizer: SchedulableOptimizer,
    options: ReduceLROnPlateauOptions = {},
  ) {
    const {
      mode = 'min',
      factor = 0.1,
      patience = 10,
      threshold = 1e-4,
      thresholdMode = 'rel',
      cooldown = 0,
      minLr = 0,
      eps = 1e-8,
    } = options;
    const where = 'ReduceLROnPlateau: ';
    this.mode = modes(where, 'mode', mode);
    this.factor = factors(where, 'factor', factor);
    this.patience = nonNegativeInteger(where, 'patience', patience);
    this.threshold = nonNegativeNumber(where, 'threshold', threshold);
    this.thresholdMode = thresholdModes(where, 'thresholdMode', thresholdMode);
    this.cooldown = nonNegativeInteger(where, 'cooldown', cooldown);
    this.minLrs = perGroup(optimizer.paramGroups.length, nonNegativeNumber)(where, 'minLr', minLr);
    this.eps = nonNegativeNumber(where, 'eps', eps);
    this.best = this.worst();
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  /** Records one epoch's metric, and cuts the lrs when it has plateaued. */
  step(metric: number): void {
    if (typeof metric !== 'number') {
      throw new Error(`ReduceLROnPlateau.step: metric is ${describe(metric)} (expected a number, such as the validation loss)`);
    }
    this.lastEpoch += 1;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The groups' lrs after the last step (their lrs at construction before any). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): SchedulerStateDict {
    return {
      mode: this.mode,
      factor: this.factor,
      patience: this.patience,
      threshold: this.threshold,
      thresholdMode: this.thresholdMode,
      cooldown: this.cooldown,
      minLrs: [...this.minLrs],
      eps: this.eps,
      best: this.best,
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
      lastEpoch: this.lastEpoch,
      lastLr: [...this.lastLr],
    };
  }

  /** Restores what stateDict() returned; every entry is checked first. The optimizer's lrs come from its own state dict. */
  loadStateDict(stateDict: SchedulerStateDict): void {
    const read = new StateReader('ReduceLROnPlateau.loadStateDict', stateDict);
    const groups = numberList(this.optimizer.paramGroups.length);
    const next = {
      mode: read.get('mode', modes),
      factor: read.get('factor', factors),
      patience: read.get('patience', nonNegativeInteger),
      threshold: read.get('threshold', nonNegativeNumber),
      thresholdMode: read.get('thresholdMode', thresholdModes),
      cooldown: read.get('cooldown', nonNegativeInteger),
      minLrs: read.get('minLrs', groups),
      eps: read.get('eps', nonNegativeNumber),
      best: read.get('best', aNumber),
      numBadEpochs: read.get('numBadEpochs', nonNegativeInteger),
      cooldownCounter: read.get('cooldownCounter', nonNegativeInteger),
      lastEpoch: read.get('lastEpoch', epochCounter),
      lastLr: read.get('lastLr', groups),
    };
    Object.assign(this, next);
  }

  private isBetter(metric: number): boolean {
    const { best, threshold } = this;
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? metric < best * (1 - threshold) : metric < best - threshold;
    return this.thresholdMode === 'rel' ? metric > best * (threshold + 1) : metric > best + threshold;
  }

  private reduceLr(): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      const newLr = Math.max(g.lr * this.factor, this.minLrs[i]!);
      if (g.lr - newLr > this.eps) g.lr = newLr;
    });
  }

  private worst(): number {
    return this.mode === 'min' ? Infinity : -Infinity;
  }
}
