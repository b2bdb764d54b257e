import { Tensor } from '@stride/core-tensor';
import type { JsonValue } from '../json-value.js';
import type { SchedulerStateDict } from '../schedulers/scheduler-state.js';
import type { OptimizerStateDict, ParamState } from '../state-dict.js';
import type { CheckpointMeta } from './checkpoint-types.js';

/**
 * How a checkpoint lays out in one safetensors file. Tensors: the model's under `model.<key>`,
 * the optimizer's buffers under `optimizer.state.<param index>.<buffer>` (e.g.
 * `optimizer.state.0.expAvg`). `__metadata__`: `format` and `version` mark a Stride checkpoint,
 * `checksum` is a CRC-32 of the file (checksum.ts), and `checkpoint` is the JSON of a
 * CheckpointRecord: everything that is not a tensor.
 */
export const FORMAT = 'stride.checkpoint';
export const VERSION = '1';
export const MODEL_PREFIX = 'model.';
export const OPTIMIZER_PREFIX = 'optimizer.state.';

export interface CheckpointRecord {
  /** The model's state-dict keys in its own order (the file orders tensors by name). */
  modelKeys: string[];
  epoch?: number;
  meta?: CheckpointMeta;
  /** The optimizer's class, its param groups (hyperparameters and index lists) and each parameter's counters (`step`). */
  optimizer?: { name: string; paramGroups: JsonValue[]; counters: { [param: string]: { [key: string]: number } } };
  scheduler?: { name: string; state: SchedulerStateDict };
}

/** Splits an optimizer state dict into its buffers (named tensors) and the rest. */
export function splitOptimizerState(
  name: string,
  sd: OptimizerStateDict,
): { tensors: Record<string, Tensor>; record: CheckpointRecord['optimizer'] } {
  const tensors: Record<string, Tensor> = {};
  const counters: { [param: string]: { [key: string]: number } } = {};
  for (const [param, state] of Object.entries(sd.state)) {
    for (const [key, value] of Object.entries(state as ParamState)) {
      if (value instanceof Tensor) tensors[`${OPTIMIZER_PREFIX}${param}.${key}`] = value;
      else if (typeof value === 'number') (counters[param] ??= {})[key] = value;
    }
  }
  return { tensors, record: { name, paramGroups: sd.paramGroups as unknown as JsonValue[], counters } };
}

/** Rebuilds the optimizer state dict from a checkpoint's record and loaded tensors. */
export function joinOptimizerState(
  record: NonNullable<CheckpointRecord['optimizer']>,
  tensors: Record<string, Tensor>,
): OptimizerStateDict {
  const state: Record<number, ParamState> = {};
  for (const [param, counters] of Object.entries(record.counters)) state[Number(param)] = { ...counters };
  for (const [name, t] of Object.entries(tensors)) {
    if (!name.startsWith(OPTIMIZER_PREFIX)) continue;
    const [param, key] = name.slice(OPTIMIZER_PREFIX.length).split('.') as [string, string];
    (state[Number(param)] ??= {})[key] = t;
  }
  return { state, paramGroups: record.paramGroups as unknown as OptimizerStateDict['paramGroups'] };
}

/** The model's tensors under their keys, in the model's order, as its stateDict() gave them. */
export function modelTensors(keys: readonly string[], tensors: Record<string, Tensor>): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  const ordered = [
    ...keys,
    ...Object.keys(tensors)
      .filter((n) => n.startsWith(MODEL_PREFIX))
      .map((n) => n.slice(MODEL_PREFIX.length)),
  ];
  for (const key of new Set(ordered)) {
    const t = tensors[MODEL_PREFIX + key];
    // defineProperty: a key named '__proto__' must stay a key.
    if (t) Object.defineProperty(out, key, { value: t, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
