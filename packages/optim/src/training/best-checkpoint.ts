import { positiveInteger } from '../checks.js';
import { checkMetric, gain, metricModes, type MetricMode } from './metric-mode.js';

export interface BestCheckpointOptions<T> {
  /** 'min' for a loss, 'max' for an accuracy. Default 'min'. */
  mode?: MetricMode;
  /** How many of the best snapshots to hold. Default 1. */
  keep?: number;
  /**
   * Called with every snapshot the tracker lets go of, pushed out by a better one or not kept
   * at all, so that snapshots holding tensors can be disposed there.
   */
  onDiscard?: (state: T, metric: number) => void;
}

export interface Snapshot<T> {
  metric: number;
  state: T;
}

/**
 * "Always keep the best snapshot": `update(metric, state)` after each evaluation holds on to the
 * `keep` best states seen (best first in `all`, the very best in `best`). A metric equal to a
 * kept one does not displace it, and NaN is never kept. The state is whatever the caller
 * snapshots, typically the bytes of `saveCheckpoint({ model })`; check `wouldKeep(metric)`
 * first to skip taking a snapshot that would be dropped.
 */
export class BestCheckpoint<T = unknown> {
  readonly mode: MetricMode;
  readonly keep: number;
  private readonly onDiscard: ((state: T, metric: number) => void) | undefined;
  private readonly kept: Snapshot<T>[] = [];

  constructor(options: BestCheckpointOptions<T> = {}) {
    const { mode = 'min', keep = 1, onDiscard } = options;
    const where = 'BestCheckpoint: ';
    this.mode = metricModes(where, 'mode', mode);
    this.keep = positiveInteger(where, 'keep', keep);
    if (onDiscard !== undefined && typeof onDiscard !== 'function')
      throw new Error(`${where}onDiscard is ${typeof onDiscard} (expected a function)`);
    this.onDiscard = onDiscard;
  }

  /** The best snapshot so far, or undefined before any was kept. */
  get best(): Snapshot<T> | undefined {
    return this.kept[0];
  }

  /** The kept snapshots, best first. */
  get all(): readonly Snapshot<T>[] {
    return [...this.kept];
  }

  /** Whether `update(metric, …)` would keep its snapshot. */
  wouldKeep(metric: number): boolean {
    checkMetric('BestCheckpoint.wouldKeep', metric);
    return this.rank(metric) < this.keep;
  }

  /** Offers a snapshot; returns true if it is kept among the best `keep`. */
  update(metric: number, state: T): boolean {
    checkMetric('BestCheckpoint.update', metric);
    const at = this.rank(metric);
    if (at >= this.keep) {
      this.onDiscard?.(state, metric);
      return false;
    }
    this.kept.splice(at, 0, { metric, state });
    for (const dropped of this.kept.splice(this.keep)) this.onDiscard?.(dropped.state, dropped.metric);
    return true;
  }

  /** Where `metric` would go among the kept snapshots: after every one it does not strictly beat. */
  private rank(metric: number): number {
    if (Number.isNaN(metric)) return Infinity;
    const at = this.kept.findIndex((s) => gain(this.mode, s.metric, metric) > 0);
    return at < 0 ? this.kept.length : at;
  }
}
