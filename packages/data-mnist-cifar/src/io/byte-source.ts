/**
 * Where a loader reads a dataset's files from: a directory (Node, Bun, Deno) or a base URL
 * (every runtime). Loaders see only this, so the same parsing code serves both.
 */
export interface ByteSource {
  /** How `name` (a path relative to the source, '/'-separated) reads in messages: a path or a URL. */
  locate(name: string): string;
  /** The file's bytes, or null when it does not exist. */
  read(name: string): Promise<Uint8Array | null>;
  /** What to tell the user when none of the files a loader needs exists. */
  missingHint(dataset: string): string;
}

/** The first of `names` that the source has; the error lists every place tried. */
export async function readFirst(
  op: string,
  source: ByteSource,
  names: readonly string[],
  dataset: string,
): Promise<{ path: string; bytes: Uint8Array }> {
  for (const name of names) {
    let bytes: Uint8Array | null;
    try {
      bytes = await source.read(name);
    } catch (e) {
      throw new Error(`${op}: ${(e as Error).message}`, { cause: e });
    }
    if (bytes) return { path: source.locate(name), bytes };
  }
  throw new Error(`${op}: found none of ${names.map((n) => source.locate(n)).join(', ')}; ${source.missingHint(dataset)}`);
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
