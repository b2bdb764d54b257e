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
function checkTargets(record: CheckpointRecord, targets: CheckpointTargets): void {
  for (const kind of ['optimizer', 'scheduler'] as const) {
    const target = targets[kind];
    if (!target) continue;
    const saved = record[kind];
    const { article, held, given } = TARGET_WORDS[kind];
    if (!saved) {
      throw new Error(
        `${OP}: ${article} ${kind} (${target.name}) was given but the checkpoint holds no ${kind} state (it was saved without one)`,
      );
    }
    if (saved.name !== target.name) {
      throw new Error(
        `${OP}: the checkpoint holds ${held(saved.name)} but the ${kind} is ${given(target.name)} (expected the ${kind} the checkpoint was saved with)`,
      );
    }
  }
}

/** How the errors name each kind of target: an optimizer by its class name, a scheduler as "a StepLR". */
const TARGET_WORDS = {
  optimizer: { article: 'an', held: (name: string) => `${name} state`, given: (name: string) => name },
  scheduler: { article: 'a', held: (name: string) => `a ${name}'s state`, given: (name: string) => `a ${name}` },
};
