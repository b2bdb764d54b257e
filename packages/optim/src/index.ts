export { Optimizer } from './optimizer.js';
export type { Hyperparameters, ParamGroup, ParamGroupOptions, Params } from './param-groups.js';
export { disposeStateDict, type OptimizerStateDict, type ParamState } from './state-dict.js';
export { SGD, type SGDOptions, type SGDHyperparameters, type SGDState } from './sgd.js';
export { Adagrad, type AdagradOptions, type AdagradHyperparameters, type AdagradState } from './adagrad.js';
export { RMSprop, type RMSpropOptions, type RMSpropHyperparameters, type RMSpropState } from './rmsprop.js';
export { AdamBase, type AdamOptions, type AdamHyperparameters, type AdamState } from './adam-base.js';
export { Adam } from './adam.js';
export { AdamW } from './adamw.js';

export { LRScheduler, type SchedulableOptimizer } from './schedulers/lr-scheduler.js';
export type { Scheduler, SchedulerStateDict } from './schedulers/scheduler-state.js';
export type { JsonValue } from './json-value.js';
export { StepLR, type StepLROptions } from './schedulers/step-lr.js';
export { MultiStepLR, type MultiStepLROptions } from './schedulers/multi-step-lr.js';
export { ExponentialLR, type ExponentialLROptions } from './schedulers/exponential-lr.js';
export { LinearLR, type LinearLROptions } from './schedulers/linear-lr.js';
export { LambdaLR, type LambdaLROptions, type LrLambda } from './schedulers/lambda-lr.js';
export { SequentialLR, type SequentialLROptions } from './schedulers/sequential-lr.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './schedulers/cosine-annealing-lr.js';
export { CosineAnnealingWarmRestarts, type CosineAnnealingWarmRestartsOptions } from './schedulers/cosine-annealing-warm-restarts.js';
export { CyclicLR, type CyclicLROptions, type CyclicLRMode, type CyclicLRScaleMode } from './schedulers/cyclic-lr.js';
export { OneCycleLR, type OneCycleLROptions } from './schedulers/one-cycle-lr.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './schedulers/reduce-lr-on-plateau.js';

export { clipGradNorm } from './clip-grad-norm.js';

export { EarlyStopping, type EarlyStoppingOptions, type EarlyStoppingState } from './training/early-stopping.js';
export { BestCheckpoint, type BestCheckpointOptions, type Snapshot } from './training/best-checkpoint.js';
export type { MetricMode } from './training/metric-mode.js';

export { saveCheckpoint, saveCheckpointAsync } from './checkpoint/save-checkpoint.js';
export { loadCheckpoint } from './checkpoint/load-checkpoint.js';
export type {
  CheckpointInfo,
  CheckpointMeta,
  CheckpointModel,
  CheckpointOptimizer,
  CheckpointState,
  CheckpointTargets,
} from './checkpoint/checkpoint-types.js';
