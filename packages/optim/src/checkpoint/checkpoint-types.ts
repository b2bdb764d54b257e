import type { Tensor } from '@stride/core-tensor';
import type { JsonValue } from '../json-value.js';
import type { Scheduler } from '../schedulers/scheduler-state.js';
import type { OptimizerStateDict } from '../state-dict.js';

/**
 * What a checkpoint needs of a model: a `@stride/layers` Module, or anything with the same
 * state-dict pair (typed by shape, so @stride/optim does not depend on @stride/layers).
 */
export interface CheckpointModel {
  /** The model's tensors by key; read, never disposed. */
  stateDict(): Record<string, Tensor>;
  /** Copies the values in, throwing for missing, unexpected or misshapen keys. */
  loadStateDict(stateDict: Record<string, Tensor>): unknown;
}

/** What a checkpoint needs of an optimizer: any of this package's optimizers. */
export interface CheckpointOptimizer {
  readonly name: string;
  stateDict(): OptimizerStateDict;
  loadStateDict(stateDict: OptimizerStateDict): void;
}

/** User metadata: plain data, stored as JSON (Infinity, NaN and -0 included). */
export type CheckpointMeta = { [key: string]: JsonValue };

/** What `saveCheckpoint` saves. */
export interface CheckpointState {
  model: CheckpointModel;
  optimizer?: CheckpointOptimizer;
  scheduler?: Scheduler;
  epoch?: number;
  meta?: CheckpointMeta;
}

/** What `loadCheckpoint` restores into: built as for the run that saved the checkpoint. */
export interface CheckpointTargets {
  model: CheckpointModel;
  optimizer?: CheckpointOptimizer;
  scheduler?: Scheduler;
}

/** What `loadCheckpoint` returns: the epoch and metadata saved, where they were. */
export interface CheckpointInfo {
  epoch?: number;
  meta?: CheckpointMeta;
}
