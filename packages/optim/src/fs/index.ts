import { readFile } from 'node:fs/promises';
import type { CheckpointInfo, CheckpointState, CheckpointTargets } from '../checkpoint/checkpoint-types.js';
import { loadCheckpoint } from '../checkpoint/load-checkpoint.js';
import { saveCheckpointAsync } from '../checkpoint/save-checkpoint.js';
import { writeFileAtomic } from './atomic-write.js';

/**
 * `@stride/optim/fs`: checkpoints as files, for Node, Bun and Deno (the browser build of this
 * entry throws). The main entry, `@stride/optim`, has no file-system code, so it bundles for
 * browsers.
 */

/**
 * Writes `saveCheckpoint(state)` to `path` atomically: a crash or a full disk during the write
 * leaves the previous checkpoint at `path` intact, never a part of the new one. Works on every
 * backend (it awaits the tensors' data).
 */
export async function saveCheckpointFile(path: string, state: CheckpointState): Promise<void> {
  checkPath('saveCheckpointFile', path);
  await writeFileAtomic('saveCheckpointFile', path, await saveCheckpointAsync(state));
}

/** Reads the checkpoint at `path` into the targets, as `loadCheckpoint`, and returns its epoch and metadata. */
export async function loadCheckpointFile(path: string, targets: CheckpointTargets): Promise<CheckpointInfo> {
  checkPath('loadCheckpointFile', path);
  return loadCheckpoint(await readFile(path), targets);
}

function checkPath(op: string, path: unknown): void {
  if (typeof path !== 'string' || path === '')
    throw new Error(`${op}: path is ${JSON.stringify(path) ?? String(path)} (expected a file path)`);
}
