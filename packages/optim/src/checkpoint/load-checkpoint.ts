import { loadSafetensors, readSafetensorsMetadata, type Tensor } from '@stride/core-tensor';
import { isRecord } from '../state-reader.js';
import type { CheckpointInfo, CheckpointTargets } from './checkpoint-types.js';
import { recomputeChecksum } from './checksum.js';
import { decodeJson } from './json-codec.js';
import { FORMAT, joinOptimizerState, modelTensors, VERSION, type CheckpointRecord } from './layout.js';

const OP = 'loadCheckpoint';

/**
 * Restores a `saveCheckpoint` file into a model, and an optimizer and scheduler where given
 * (built as for the run that saved it), and returns the epoch and metadata saved. The file is
 * checked whole first (complete, its checksum right, holding what was asked for); then the model
 * is loaded, with the model's own errors for a checkpoint of another model, then the optimizer,
 * then the scheduler. The resumed run is bit-identical to one never stopped.
 */
export function loadCheckpoint(file: Uint8Array, targets: CheckpointTargets): CheckpointInfo {
  if (!(file instanceof Uint8Array)) throw new Error(`${OP}: bytes is ${typeof file} (expected the Uint8Array saveCheckpoint returned)`);
  // A plain view of the same memory: Node's Buffer (from readFile) is a Uint8Array whose slice()
  // shares memory instead of copying, which the safetensors reader relies on.
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  if (typeof targets?.model?.loadStateDict !== 'function') {
    throw new Error(
      `${OP}: targets.model is ${String(targets?.model)} (expected a Module, or an object with stateDict() and loadStateDict())`,
    );
  }
  const record = readRecord(bytes);
  checkTargets(record, targets);
  const { model, optimizer, scheduler } = targets;
  const backend = Object.values(model.stateDict())[0]?.backend;
  const tensors = loadSafetensors(bytes, backend ? { backend } : undefined);
  try {
    model.loadStateDict(modelTensors(record.modelKeys, tensors));
    if (optimizer) optimizer.loadStateDict(joinOptimizerState(record.optimizer!, tensors));
    if (scheduler) scheduler.loadStateDict(record.scheduler!.state);
  } finally {
    for (const t of Object.values(tensors) as Tensor[]) t.dispose();
  }
  const info: CheckpointInfo = {};
  if (record.epoch !== undefined) info.epoch = record.epoch;
  if (record.meta !== undefined) info.meta = record.meta;
  return info;
}

/** The checkpoint's record, once the file is known to be a complete Stride checkpoint. */
function readRecord(bytes: Uint8Array): CheckpointRecord {
  let metadata: Record<string, string>;
  try {
    metadata = readSafetensorsMetadata(bytes);
  } catch (e) {
    throw new Error(`${OP}: not a complete safetensors file (truncated, or not a checkpoint?): ${(e as Error).message}`);
  }
  if (metadata.format !== FORMAT) {
    throw new Error(
      `${OP}: the file is safetensors but not a Stride checkpoint (its metadata format is ${JSON.stringify(metadata.format)}, expected "${FORMAT}"); load plain weights with model.loadStateDict(loadSafetensors(bytes))`,
    );
  }
  if (metadata.version !== VERSION) {
    throw new Error(
      `${OP}: the checkpoint has format version ${JSON.stringify(metadata.version)} (expected "${VERSION}"; written by another version of @stride/optim?)`,
    );
  }
  const recorded = metadata.checksum ?? '';
  const computed = /^crc32:[0-9a-f]{8}$/.test(recorded) ? recomputeChecksum(bytes, recorded) : undefined;
  if (computed !== recorded) {
    throw new Error(
      `${OP}: checksum mismatch: the file's CRC-32 is ${computed ?? '(not computable)'} but its header records ${JSON.stringify(recorded)} (the checkpoint was not completely written, or was damaged)`,
    );
  }
  let record: unknown;
  try {
    record = decodeJson(metadata.checkpoint ?? '');
  } catch (e) {
    throw new Error(`${OP}: the checkpoint's metadata is not valid JSON (${(e as Error).message})`);
  }
  if (!isRecord(record) || !Array.isArray(record.modelKeys) || !record.modelKeys.every((k) => typeof k === 'string')) {
    throw new Error(
      `${OP}: the checkpoint's metadata has no list of model keys (expected an object with modelKeys, as saveCheckpoint writes)`,
    );
  }
  return record as unknown as CheckpointRecord;
}

/** Refuses, before anything is loaded, targets the checkpoint has no state for. */
function checkTargets(record: CheckpointRecord, { optimizer, scheduler }: CheckpointTargets): void {
  if (optimizer) {
    if (!record.optimizer)
      throw new Error(
        `${OP}: an optimizer (${optimizer.name}) was given but the checkpoint holds no optimizer state (it was saved without one)`,
      );
    if (record.optimizer.name !== optimizer.name) {
      throw new Error(
        `${OP}: the checkpoint holds ${record.optimizer.name} state but the optimizer is ${optimizer.name} (expected the optimizer the checkpoint was saved with)`,
      );
    }
  }
  if (scheduler) {
    if (!record.scheduler)
      throw new Error(
        `${OP}: a scheduler (${scheduler.name}) was given but the checkpoint holds no scheduler state (it was saved without one)`,
      );
    if (record.scheduler.name !== scheduler.name) {
      throw new Error(
        `${OP}: the checkpoint holds a ${record.scheduler.name}'s state but the scheduler is a ${scheduler.name} (expected the scheduler the checkpoint was saved with)`,
      );
    }
  }
}
