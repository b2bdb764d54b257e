import type { JsonValue } from '../json-value.js';

/**
 * A scheduler's state, as PyTorch's state_dict: its counters and its settings in camelCase
 * (`lastEpoch`, `baseLrs`, `lastLr`, then e.g. `stepSize`, `gamma`), never the optimizer.
 */
export type SchedulerStateDict = { [key: string]: JsonValue };

/**
 * What every scheduler has, ReduceLROnPlateau included: the interface a checkpoint saves and
 * restores. `name` is the class's (`'StepLR'`), kept with the state so a checkpoint can say
 * which scheduler wrote it.
 */
export interface Scheduler {
  readonly name: string;
  getLastLr(): number[];
  stateDict(): SchedulerStateDict;
  loadStateDict(stateDict: SchedulerStateDict): void;
}
