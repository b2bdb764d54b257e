import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import * as browser from '../src/browser.ts';
import * as node from '../src/index.ts';
import { cifar100Records, cifar10Records } from './helpers/cifar-records.ts';
import { idxBytes, useTempDir } from './helpers/files.ts';
import { serveFiles } from './helpers/http-server.ts';

const tinyMnist = {
  'train-images-idx3-ubyte': idxBytes([2, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7]),
  'train-labels-idx1-ubyte.gz': new Uint8Array(gzipSync(idxBytes([2], [3, 9]))),
  't10k-images-idx3-ubyte': idxBytes([1, 2, 2], [9, 9, 9, 9]),
  't10k-labels-idx1-ubyte': idxBytes([1], [1]),
};

let server: Awaited<ReturnType<typeof serveFiles>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

for (const [entry, api] of [
  ['browser', browser],
  ['node', node],
] as const) {
  describe(`loaders with baseUrl (${entry} entry)`, () => {
    it('read MNIST-format files over HTTP, raw or gzipped, as from a directory', async () => {
      server = await serveFiles(tinyMnist);
      for (const load of [api.loadMnist, api.loadFashionMnist]) {
        const train = await load({ baseUrl: server.baseUrl.replace(/\/$/, '') });
        expect([train.length, train.shape, Array.from(train.labels), Array.from(train.images)]).toEqual([
          2,
          [1, 2, 2],
          [3, 9],
          [0, 1, 2, 3, 4, 5, 6, 7],
        ]);
      }
    });

    it('read CIFAR batches from the archive folder or the top of baseUrl', async () => {
      const batches = [1, 2, 3, 4, 5].map((i) => [`cifar-10-batches-bin/data_batch_${i}.bin`, cifar10Records([i], i).bytes] as const);
      server = await serveFiles({ ...Object.fromEntries(batches), 'test.bin': cifar100Records([42], [7], 9).bytes });
      expect(Array.from((await api.loadCifar10({ baseUrl: server.baseUrl })).labels)).toEqual([1, 2, 3, 4, 5]);
      expect(Array.from((await api.loadCifar100({ baseUrl: server.baseUrl, split: 'test', labels: 'coarse' })).labels)).toEqual([7]);
    });

    it('refuse a .gz that inflates past the real size of its file', async () => {
      // The test labels file holds 8 + 10000 bytes; this one inflates to one more.
      const { 't10k-labels-idx1-ubyte': _raw, ...others } = tinyMnist;
      server = await serveFiles({ ...others, 't10k-labels-idx1-ubyte.gz': new Uint8Array(gzipSync(new Uint8Array(10009))) });
      await expect(api.loadFashionMnist({ baseUrl: server.baseUrl, split: 'test' })).rejects.toThrow(
        new RegExp(
          `^loadFashionMnist: ${server.baseUrl}t10k-labels-idx1-ubyte\\.gz: gunzip: the gzip stream of \\d+ bytes inflates to more than maxBytes = 10008 bytes`,
        ),
      );
    });

    it('name every URL tried when a file is missing', async () => {
      server = await serveFiles({});
      await expect(api.loadMnist({ baseUrl: server.baseUrl, split: 'test' })).rejects.toThrow(
        `loadMnist: found none of ${server.baseUrl}t10k-images-idx3-ubyte, ${server.baseUrl}t10k-images-idx3-ubyte.gz; check that ${server.baseUrl} serves them (a 404 means a file is missing)`,
      );
    });

    it('report a server error with the URL and status, and a server that cannot be reached', async () => {
      server = await serveFiles({}, { 'cifar-10-batches-bin/test_batch.bin': 500 });
      await expect(api.loadCifar10({ baseUrl: server.baseUrl, split: 'test' })).rejects.toThrow(
        `loadCifar10: ${server.baseUrl}cifar-10-batches-bin/test_batch.bin answered HTTP 500 Internal Server Error`,
      );
      await expect(api.loadCifar10({ baseUrl: 'http://127.0.0.1:1/', split: 'test' })).rejects.toThrow(
        /^loadCifar10: could not fetch http:\/\/127\.0\.0\.1:1\/cifar-10-batches-bin\/test_batch\.bin \(/,
      );
    });

    it('reject dir together with baseUrl, and neither', async () => {
      await expect(api.loadMnist({ dir: '/data', baseUrl: 'http://x/' })).rejects.toThrow(
        "loadMnist: give dir or baseUrl, not both (got dir '/data' and baseUrl 'http://x/')",
      );
      await expect(api.loadCifar10({})).rejects.toThrow(/^loadCifar10: give (dir \(a directory holding the files\) or )?baseUrl/);
      await expect(api.loadMnist(undefined as unknown as node.MnistOptions)).rejects.toThrow(
        'loadMnist: expected an options object { dir or baseUrl, split }, got undefined',
      );
    });
  });
}

describe('the browser entry without a file system', () => {
  const tmp = useTempDir();

  it('refuses dir, saying to serve the files and pass baseUrl', async () => {
    await expect(browser.loadMnist({ dir: tmp.dir })).rejects.toThrow(
      'loadMnist: dir needs a file system, which the browser build of @stride/data-mnist-cifar has not; serve the files and pass baseUrl',
    );
  });

  it('has a download that says it needs Node, Bun or Deno', async () => {
    await expect(browser.download({ dataset: 'mnist', dir: tmp.dir })).rejects.toThrow(
      'download: saving mnist into a directory needs a file system (Node, Bun or Deno); in a browser, serve the files and read them with loadMnist / loadFashionMnist / loadCifar10 / loadCifar100({ baseUrl })',
    );
  });

  it('fetchBytes returns a body and names the URL of a 404', async () => {
    server = await serveFiles({ 'a.bin': new Uint8Array([1, 2, 3]) });
    expect(Array.from(await browser.fetchBytes(`${server.baseUrl}a.bin`))).toEqual([1, 2, 3]);
    await expect(browser.fetchBytes(`${server.baseUrl}b.bin`)).rejects.toThrow(
      `fetchBytes: ${server.baseUrl}b.bin answered HTTP 404 Not Found`,
    );
  });
});
