import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `bytes` to `path` so that `path` holds either its old content or all of the new, never
 * a part: the bytes go to a temporary file in the same directory (same file system, so the
 * rename is atomic), are flushed to disk, and the temporary file is renamed over `path`. On any
 * failure the temporary file is removed and `path` is left as it was.
 */
export async function writeFileAtomic(op: string, path: string, bytes: Uint8Array): Promise<void> {
  const directory = dirname(path);
  const temporary = join(directory, `.${basename(path)}.${globalThis.crypto.randomUUID()}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temporary, 'wx');
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, path);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new Error(`${op}: writing ${path} failed, and the file there (if any) is unchanged: ${(e as Error).message}`, { cause: e });
  }
  await syncDirectory(directory);
}

/** Flushes the directory entry of the rename too, where the platform allows it (not on Windows). */
async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // Best effort: the rename itself is already atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
