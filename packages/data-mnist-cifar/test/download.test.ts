import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { DATASETS, download, loadCifar10, loadCifar100, loadFashionMnist, loadMnist } from '../src/index.ts';
import { cifar100Records, cifar10Records } from './helpers/cifar-records.ts';
import { idxBytes, MNIST_DIR, REAL_DATA_TIMEOUT, useTempDir } from './helpers/files.ts';
import { serveFiles } from './helpers/http-server.ts';
import { writeTar } from './helpers/tar-writer.ts';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const gzip = (data: Uint8Array) => new Uint8Array(gzipSync(data, { level: 1 }));

/** A tiny MNIST-format dataset: raw IDX contents by saved name. */
function tinyMnist(): Record<string, Uint8Array> {
  return {
    'train-images-idx3-ubyte': idxBytes([3, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
    'train-labels-idx1-ubyte': idxBytes([3], [5, 0, 4]),
    't10k-images-idx3-ubyte': idxBytes([1, 2, 2], [255, 254, 253, 252]),
    't10k-labels-idx1-ubyte': idxBytes([1], [7]),
  };
}

const gzipAll = (files: Record<string, Uint8Array>) => Object.fromEntries(Object.entries(files).map(([n, d]) => [`${n}.gz`, gzip(d)]));
const hashAll = (files: Record<string, Uint8Array>) => Object.fromEntries(Object.entries(files).map(([n, d]) => [n, sha256(d)]));

const tmp = useTempDir();
let server: Awaited<ReturnType<typeof serveFiles>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('download: MNIST (verified after decompression)', () => {
  it(
    'accepts the real MNIST files with the built-in checksums and saves them decompressed',
    async () => {
      const names = DATASETS.mnist.files.map((f) => f.local);
      const real = Object.fromEntries(
        await Promise.all(names.map(async (n) => [n, new Uint8Array(await readFile(join(MNIST_DIR, n)))] as const)),
      );
      server = await serveFiles(gzipAll(real));
      const result = await download({ dataset: 'mnist', dir: tmp.dir, baseUrl: server.baseUrl });
      expect(result.map((r) => [r.file, r.status])).toEqual(names.map((n) => [n, 'downloaded']));
      expect((await readdir(tmp.dir)).sort()).toEqual([...names].sort());
      expect((await loadMnist({ dir: tmp.dir, split: 'test' })).length).toBe(10000);
    },
    REAL_DATA_TIMEOUT,
  );

  it('saves files whose sha256 matches and the loader reads them', async () => {
    const files = tinyMnist();
    server = await serveFiles(gzipAll(files));
    const result = await download({ dataset: 'mnist', dir: tmp.dir, baseUrl: server.baseUrl, checksums: hashAll(files) });
    expect(result.map((r) => r.sha256)).toEqual(Object.values(hashAll(files)));
    const train = await loadMnist({ dir: tmp.dir });
    expect([train.length, Array.from(train.labels)]).toEqual([3, [5, 0, 4]]);
  });

  it('rejects a corrupted file naming it, the expected and the actual sha256, and leaves nothing on disk', async () => {
    const files = tinyMnist();
    const checksums = hashAll(files);
    const corrupted = { ...files, 'train-images-idx3-ubyte': idxBytes([3, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 99]) };
    server = await serveFiles(gzipAll(corrupted));
    const actual = sha256(corrupted['train-images-idx3-ubyte']);
    await expect(download({ dataset: 'mnist', dir: tmp.dir, baseUrl: server.baseUrl, checksums })).rejects.toThrow(
      `download: train-images-idx3-ubyte (from ${server.baseUrl}train-images-idx3-ubyte.gz) failed verification: ` +
        `expected sha256 ${checksums['train-images-idx3-ubyte']}, got ${actual}; the file was not saved`,
    );
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it('does not fetch a file already present with the right sha256', async () => {
    const files = tinyMnist();
    server = await serveFiles(gzipAll(files));
    const opts = { dataset: 'mnist' as const, dir: tmp.dir, baseUrl: server.baseUrl, checksums: hashAll(files) };
    await download(opts);
    const again = await download(opts);
    expect(again.map((r) => r.status)).toEqual(['cached', 'cached', 'cached', 'cached']);
    expect(Object.values(server.requests)).toEqual([1, 1, 1, 1]);
  });

  it('replaces a present file whose sha256 is wrong', async () => {
    const files = tinyMnist();
    server = await serveFiles(gzipAll(files));
    await writeFile(join(tmp.dir, 't10k-labels-idx1-ubyte'), idxBytes([1], [3]));
    const result = await download({ dataset: 'mnist', dir: tmp.dir, baseUrl: server.baseUrl, checksums: hashAll(files) });
    expect(result.find((r) => r.file === 't10k-labels-idx1-ubyte')!.status).toBe('downloaded');
    expect(Array.from(await readFile(join(tmp.dir, 't10k-labels-idx1-ubyte')))).toEqual(Array.from(files['t10k-labels-idx1-ubyte']!));
  });

  it('refuses a served file that inflates past the real MNIST size, saving nothing', async () => {
    const labels = DATASETS.mnist.files.find((f) => f.local === 't10k-labels-idx1-ubyte')!;
    expect(labels.maxUnpackedBytes).toBe(10008);
    server = await serveFiles({ ...gzipAll(tinyMnist()), 't10k-labels-idx1-ubyte.gz': gzip(new Uint8Array(10009)) });
    await expect(download({ dataset: 'mnist', dir: tmp.dir, baseUrl: server.baseUrl, checksums: hashAll(tinyMnist()) })).rejects.toThrow(
      `download: ${server.baseUrl}t10k-labels-idx1-ubyte.gz: gunzip: the gzip stream of `,
    );
    await expect(download({ dataset: 'mnist', dir: tmp.dir, baseUrl: server.baseUrl, checksums: hashAll(tinyMnist()) })).rejects.toThrow(
      /inflates to more than maxBytes = 10008 bytes/,
    );
    expect((await readdir(tmp.dir)).includes('t10k-labels-idx1-ubyte')).toBe(false);
  });

  it('passes every resource its real unpacked size: the MNIST files exactly, CIFAR archives their records plus 1 MiB', () => {
    expect(DATASETS.mnist.files.map((f) => [f.local, f.maxUnpackedBytes])).toEqual([
      ['train-images-idx3-ubyte', 47040016],
      ['train-labels-idx1-ubyte', 60008],
      ['t10k-images-idx3-ubyte', 7840016],
      ['t10k-labels-idx1-ubyte', 10008],
    ]);
    expect(DATASETS.cifar10.files[0]!.maxUnpackedBytes).toBe(60000 * 3073 + 1048576);
    expect(DATASETS.cifar100.files[0]!.maxUnpackedBytes).toBe(60000 * 3074 + 1048576);
  });

  it('reports an HTTP error with the URL and status', async () => {
    server = await serveFiles({});
    await expect(download({ dataset: 'mnist', dir: tmp.dir, baseUrl: server.baseUrl })).rejects.toThrow(
      `download: ${server.baseUrl}train-images-idx3-ubyte.gz answered HTTP 404 Not Found`,
    );
  });

  it('rejects an unknown dataset name', async () => {
    await expect(download({ dataset: 'svhn' as 'mnist', dir: tmp.dir })).rejects.toThrow(
      "download: dataset must be one of mnist, fashion-mnist, cifar10, cifar100, got 'svhn'",
    );
  });
});

describe('download: Fashion-MNIST (verified as fetched)', () => {
  it('saves the .gz files it verified and loadFashionMnist reads them', async () => {
    const served = gzipAll(tinyMnist());
    server = await serveFiles(served);
    await download({ dataset: 'fashion-mnist', dir: tmp.dir, baseUrl: server.baseUrl, checksums: hashAll(served) });
    expect((await readdir(tmp.dir)).sort()).toEqual(Object.keys(served).sort());
    expect(Array.from((await loadFashionMnist({ dir: tmp.dir, split: 'test' })).labels)).toEqual([7]);
  });
});

describe('download: CIFAR archives', () => {
  function cifar10Archive(): Uint8Array {
    const batches = [1, 2, 3, 4, 5].map((i) => ({
      name: `cifar-10-batches-bin/data_batch_${i}.bin`,
      data: cifar10Records([i, 9 - i], i).bytes,
    }));
    const test = { name: 'cifar-10-batches-bin/test_batch.bin', data: cifar10Records([0, 1, 2], 6).bytes };
    const meta = { name: 'cifar-10-batches-bin/batches.meta.txt', data: new TextEncoder().encode('airplane\nautomobile\n') };
    return gzip(writeTar([meta, ...batches, test]));
  }

  it('verifies the archive, keeps it, and extracts the batches where loadCifar10 finds them', async () => {
    const archive = cifar10Archive();
    server = await serveFiles({ 'cifar-10-binary.tar.gz': archive });
    const checksums = { 'cifar-10-binary.tar.gz': sha256(archive) };
    const [result] = await download({ dataset: 'cifar10', dir: tmp.dir, baseUrl: server.baseUrl, checksums });
    expect(result!.status).toBe('downloaded');
    expect(result!.extracted).toContain('cifar-10-batches-bin/test_batch.bin');
    const train = await loadCifar10({ dir: tmp.dir });
    expect(Array.from(train.labels)).toEqual([1, 8, 2, 7, 3, 6, 4, 5, 5, 4]);
    expect(Array.from((await loadCifar10({ dir: tmp.dir, split: 'test' })).labels)).toEqual([0, 1, 2]);
  });

  it('re-extracts a missing batch from the cached archive without fetching it again', async () => {
    const archive = cifar10Archive();
    server = await serveFiles({ 'cifar-10-binary.tar.gz': archive });
    const opts = {
      dataset: 'cifar10' as const,
      dir: tmp.dir,
      baseUrl: server.baseUrl,
      checksums: { 'cifar-10-binary.tar.gz': sha256(archive) },
    };
    await download(opts);
    await rm(join(tmp.dir, 'cifar-10-batches-bin', 'test_batch.bin'));
    await expect(loadCifar10({ dir: tmp.dir, split: 'test' })).rejects.toThrow(/found none/);
    const [again] = await download(opts);
    expect(again!.status).toBe('cached');
    expect(Array.from((await loadCifar10({ dir: tmp.dir, split: 'test' })).labels)).toEqual([0, 1, 2]);
    expect(server.requests['cifar-10-binary.tar.gz']).toBe(1);
  });

  it('rejects a corrupted archive and extracts nothing', async () => {
    const archive = cifar10Archive();
    server = await serveFiles({ 'cifar-10-binary.tar.gz': archive });
    const expected = sha256(cifar10Archive().map((b, i) => (i === 100 ? b ^ 1 : b)));
    await expect(
      download({ dataset: 'cifar10', dir: tmp.dir, baseUrl: server.baseUrl, checksums: { 'cifar-10-binary.tar.gz': expected } }),
    ).rejects.toThrow(`expected sha256 ${expected}, got ${sha256(archive)}; the file was not saved`);
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it('extracts CIFAR-100 train.bin and test.bin into cifar-100-binary/', async () => {
    const archive = gzip(
      writeTar([
        { name: 'cifar-100-binary/train.bin', data: cifar100Records([99, 1], [19, 0], 7).bytes },
        { name: 'cifar-100-binary/test.bin', data: cifar100Records([50], [10], 8).bytes },
      ]),
    );
    server = await serveFiles({ 'cifar-100-binary.tar.gz': archive });
    await download({
      dataset: 'cifar100',
      dir: tmp.dir,
      baseUrl: server.baseUrl,
      checksums: { 'cifar-100-binary.tar.gz': sha256(archive) },
    });
    expect(Array.from((await loadCifar100({ dir: tmp.dir })).labels)).toEqual([99, 1]);
    expect(Array.from((await loadCifar100({ dir: tmp.dir, split: 'test', labels: 'coarse' })).labels)).toEqual([10]);
  });

  it('refuses an archive member whose path leaves the target directory', async () => {
    const archive = gzip(writeTar([{ name: '../escape.bin', data: new Uint8Array([1]) }]));
    server = await serveFiles({ 'cifar-100-binary.tar.gz': archive });
    await expect(
      download({ dataset: 'cifar100', dir: tmp.dir, baseUrl: server.baseUrl, checksums: { 'cifar-100-binary.tar.gz': sha256(archive) } }),
    ).rejects.toThrow(
      "download: cifar-100-binary.tar.gz holds '../escape.bin', a path outside the target directory; refusing to extract it",
    );
  });
});
