import { aNumber, nonNegativeInteger, nonNegativeNumber } from '../checks.js';
import type { JsonValue } from '../json-value.js';
import { StateReader } from '../state-reader.js';
import { checkMetric, gain, metricModes, worst, type MetricMode } from './metric-mode.js';

export interface EarlyStoppingOptions {
  /** 'min' for a loss, 'max' for an accuracy. Default 'min'. */
  mode?: MetricMode;
  /** How many steps in a row may bring no improvement before stopping. */
  patience: number;
  /** An improvement must beat the best by more than this. Default 0. */
  minDelta?: number;
}

export type EarlyStoppingState = { [key: string]: JsonValue };

/**
 * Early stopping on a validation metric: `step(metric)` once per epoch returns true once
 * `patience` steps in a row brought no improvement larger than `minDelta` (an equal metric is
 * no improvement). With patience 0 it stops at the first step that does not improve. Its
 * state dict goes in a checkpoint's `meta` for a resumed run to stop where the whole one would.
 */
export class EarlyStopping {
  mode: MetricMode;
  patience: number;
  minDelta: number;
  /** The best metric so far: Infinity (or -Infinity in max mode) before the first step. */
  best: number;
  /** Steps in a row that brought no improvement. */
  numBadEpochs = 0;

  constructor(options: EarlyStoppingOptions) {
    const { mode = 'min', patience, minDelta = 0 } = options ?? {};
    const where = 'EarlyStopping: ';
    this.mode = metricModes(where, 'mode', mode);
    this.patience = nonNegativeInteger(where, 'patience', patience);
    this.minDelta = nonNegativeNumber(where, 'minDelta', minDelta);
    this.best = worst(this.mode);
  }

  /** Records one step's metric; true when training should stop. */
  step(metric: number): boolean {
    checkMetric('EarlyStopping.step', metric);
    if (gain(this.mode, this.best, metric) > this.minDelta) {
      this.best = metric;
      this.numBadEpochs = 0;
      return false;
    }
    this.numBadEpochs += 1;
    return this.shouldStop;
  }

  /** Whether the last step() said to stop. */
  get shouldStop(): boolean {
    return this.numBadEpochs > 0 && this.numBadEpochs >= this.patience;
  }

  stateDict(): EarlyStoppingState {
    return { mode: this.mode, patience: this.patience, minDelta: this.minDelta, best: this.best, numBadEpochs: this.numBadEpochs };
  }

  /** Restores what stateDict() returned; every entry is checked first. */
  loadStateDict(stateDict: EarlyStoppingState): void {
    const read = new StateReader('EarlyStopping.loadStateDict', stateDict);
    const next = {
      mode: read.get('mode', metricModes),
      patience: read.get('patience', nonNegativeInteger),
      minDelta: read.get('minDelta', nonNegativeNumber),
      best: read.get('best', aNumber),
      numBadEpochs: read.get('numBadEpochs', nonNegativeInteger),
    };
    Object.assign(this, next);
  }
}
