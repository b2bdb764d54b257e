import type { CheckpointInfo, CheckpointState, CheckpointTargets } from '../checkpoint/checkpoint-types.js';

/**
 * The browser build of `@stride/optim/fs`: browsers have no file system to write atomically to.
 * Save the bytes of `saveCheckpoint(state)` from `@stride/optim` instead (a download, IndexedDB,
 * the origin private file system) and restore them with `loadCheckpoint(bytes, targets)`.
 */
export async function saveCheckpointFile(_path: string, _state: CheckpointState): Promise<void> {
  throw new Error(unavailable('saveCheckpointFile', 'saveCheckpoint(state) and store the bytes'));
}

export async function loadCheckpointFile(_path: string, _targets: CheckpointTargets): Promise<CheckpointInfo> {
  throw new Error(unavailable('loadCheckpointFile', 'loadCheckpoint(bytes, targets) on bytes you fetched or stored'));
}

function unavailable(op: string, instead: string): string {
  return `${op}: files need Node, Bun or Deno, and this is the browser build of @stride/optim/fs (use ${instead}, from @stride/optim)`;
}
