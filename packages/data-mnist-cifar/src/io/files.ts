// File access for the loaders and `download`. `node:fs/promises` is imported lazily so a
// browser bundle that only uses the parsers, transforms and DataLoader never loads it;
// Node, Bun and Deno all provide the module.
type Fs = typeof import('node:fs/promises');

let fsModule: Promise<Fs> | undefined;
function fs(): Promise<Fs> {
  fsModule ??= import('node:fs/promises');
  return fsModule;
}

/** `dir/name` with forward slashes, which every runtime accepts (Windows included). */
export function joinPath(dir: string, ...names: string[]): string {
  return [dir.replace(/[\\/]+$/, ''), ...names].join('/');
}

/** The file's bytes, or null if it does not exist. */
export async function readIfExists(path: string): Promise<Uint8Array | null> {
  try {
    const buffer = await (await fs()).readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * Promise.all, except that when several reject, the error is the first in list order rather
 * than the first in time: which missing file a loader names must not depend on which read
 * finished first.
 */
export async function allInOrder<const T extends readonly unknown[]>(promises: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** The first of `paths` that exists; the error lists every path tried. */
export async function readFirst(op: string, paths: readonly string[], hint: string): Promise<{ path: string; bytes: Uint8Array }> {
  for (const path of paths) {
    const bytes = await readIfExists(path);
    if (bytes) return { path, bytes };
  }
  throw new Error(`${op}: found none of ${paths.join(', ')}; ${hint}`);
}

/** The size of a file in bytes, or null if it does not exist. */
export async function fileSize(path: string): Promise<number | null> {
  try {
    return (await (await fs()).stat(path)).size;
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return null;
    throw e;
  }
}

/** Writes to a temporary name beside `path`, then renames, so `path` never holds a partial file. */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const f = await fs();
  const slash = path.lastIndexOf('/');
  if (slash > 0) await f.mkdir(path.slice(0, slash), { recursive: true });
  const temp = `${path}.partial-${Math.random().toString(36).slice(2)}`;
  try {
    await f.writeFile(temp, bytes);
    await f.rename(temp, path);
  } catch (e) {
    await f.rm(temp, { force: true });
    throw e;
  }
}

export async function removeFile(path: string): Promise<void> {
  await (await fs()).rm(path, { force: true });
}
