// File access for the Node, Bun and Deno entry (src/index.ts) only: the browser entry never
// reaches this module, so browser bundles never see `node:fs/promises`.
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { ByteSource } from './byte-source.js';

/** `dir/name` with forward slashes, which every runtime accepts (Windows included). */
export function joinPath(dir: string, ...names: string[]): string {
  return [dir.replace(/[\\/]+$/, ''), ...names].join('/');
}

/** A ByteSource over a directory; `hint` replaces the default advice for missing files. */
export function dirSource(dir: string, hint?: (dataset: string) => string): ByteSource {
  return {
    locate: (name) => joinPath(dir, name),
    read: (name) => readIfExists(joinPath(dir, name)),
    missingHint: hint ?? ((dataset) => `download them with download({ dataset: '${dataset}', dir })`),
  };
}

/** The file's bytes, or null if it does not exist. */
export async function readIfExists(path: string): Promise<Uint8Array | null> {
  try {
    const buffer = await readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return null;
    throw e;
  }
}

/** The size of a file in bytes, or null if it does not exist. */
export async function fileSize(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return null;
    throw e;
  }
}

/** Writes to a temporary name beside `path`, then renames, so `path` never holds a partial file. */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const slash = path.lastIndexOf('/');
  if (slash > 0) await mkdir(path.slice(0, slash), { recursive: true });
  const temp = `${path}.partial-${Math.random().toString(36).slice(2)}`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

export async function removeFile(path: string): Promise<void> {
  await rm(path, { force: true });
}
