import { saveSafetensors, saveSafetensorsAsync, type Tensor } from '@stride/core-tensor';
import { disposeStateDict } from '../state-dict.js';
import type { CheckpointState } from './checkpoint-types.js';
import { CHECKSUM_PLACEHOLDER, sealChecksum } from './checksum.js';
import { encodeJson } from './json-codec.js';
import { FORMAT, MODEL_PREFIX, splitOptimizerState, VERSION, type CheckpointRecord } from './layout.js';

/**
 * One safetensors file holding a training run's state: the model's tensors, the optimizer's
 * buffers (as tensors) and counters, the scheduler's state, the epoch and user metadata (as JSON
 * in `__metadata__`), with a CRC-32 of the file. Restore it with `loadCheckpoint`; the resumed
 * run is bit-identical to one never stopped. Needs tensors that read synchronously (the CPU
 * backend); for WebGPU use `saveCheckpointAsync`. To write a file atomically from Node, Bun or
 * Deno, use `saveCheckpointFile` from `@stride/optim/fs`.
 */
export function saveCheckpoint(state: CheckpointState): Uint8Array {
  const { tensors, metadata, free } = prepareCheckpoint('saveCheckpoint', state);
  try {
    for (const [name, t] of Object.entries(tensors)) {
      if (!t.backend.readSync) {
        throw new Error(
          `saveCheckpoint: tensor '${name}' is on backend '${t.backend.name}', which cannot read synchronously (use await saveCheckpointAsync(state))`,
        );
      }
    }
    const bytes = saveSafetensors(tensors, metadata);
    sealChecksum(bytes);
    return bytes;
  } finally {
    free();
  }
}

/** `saveCheckpoint` for any backend: waits for each tensor's data to download. */
export async function saveCheckpointAsync(state: CheckpointState): Promise<Uint8Array> {
  const { tensors, metadata, free } = prepareCheckpoint('saveCheckpointAsync', state);
  try {
    const bytes = await saveSafetensorsAsync(tensors, metadata);
    sealChecksum(bytes);
    return bytes;
  } finally {
    free();
  }
}

/**
 * The tensors and metadata of a checkpoint, and `free`, which disposes the optimizer state's
 * copies once they are encoded.
 */
function prepareCheckpoint(
  op: string,
  state: CheckpointState,
): { tensors: Record<string, Tensor>; metadata: Record<string, string>; free: () => void } {
  checkState(op, state);
  const { model, optimizer, scheduler, epoch, meta } = state;
  const modelState = model.stateDict();
  const record: CheckpointRecord = { modelKeys: Object.keys(modelState) };
  if (epoch !== undefined) record.epoch = epoch;
  if (meta !== undefined) record.meta = meta;
  if (scheduler) record.scheduler = { name: scheduler.name, state: scheduler.stateDict() };
  const tensors: Record<string, Tensor> = {};
  for (const [key, t] of Object.entries(modelState)) tensors[MODEL_PREFIX + key] = t;
  const optimizerState = optimizer?.stateDict();
  const free = () => optimizerState && disposeStateDict(optimizerState);
  try {
    if (optimizer && optimizerState) {
      const split = splitOptimizerState(optimizer.name, optimizerState);
      Object.assign(tensors, split.tensors);
      record.optimizer = split.record;
    }
    const metadata = { format: FORMAT, version: VERSION, checksum: CHECKSUM_PLACEHOLDER, checkpoint: encodeJson(op, 'state', record) };
    return { tensors, metadata, free };
  } catch (e) {
    free();
    throw e;
  }
}

function checkState(op: string, state: CheckpointState): void {
  if (typeof state !== 'object' || state === null)
    throw new Error(`${op}: state is ${String(state)} (expected { model, optimizer?, scheduler?, epoch?, meta? })`);
  const { model, optimizer, scheduler, epoch, meta } = state;
  if (typeof model?.stateDict !== 'function')
    throw new Error(`${op}: model is ${describe(model)} (expected a Module, or an object with stateDict() and loadStateDict())`);
  if (optimizer !== undefined && typeof optimizer?.stateDict !== 'function')
    throw new Error(`${op}: optimizer is ${describe(optimizer)} (expected an optimizer such as SGD or Adam)`);
  if (scheduler !== undefined && typeof scheduler?.stateDict !== 'function')
    throw new Error(`${op}: scheduler is ${describe(scheduler)} (expected a scheduler such as StepLR)`);
  if (epoch !== undefined && (typeof epoch !== 'number' || !Number.isFinite(epoch)))
    throw new Error(`${op}: epoch is ${describe(epoch)} (expected a finite number)`);
  if (meta !== undefined && (typeof meta !== 'object' || meta === null || Array.isArray(meta)))
    throw new Error(`${op}: meta is ${describe(meta)} (expected a plain object of JSON data)`);
}

function describe(value: unknown): string {
  return typeof value === 'object' && value !== null ? (value.constructor?.name ?? 'an object') : String(value);
}
