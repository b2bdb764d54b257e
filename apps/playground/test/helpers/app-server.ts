import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

export const APP_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The app built into a temporary folder and served by `vite preview` on a free localhost port. */
export interface ServedApp {
  url: string;
  outDir: string;
  close(): Promise<void>;
}

export async function buildAndPreview(): Promise<ServedApp> {
  const outDir = mkdtempSync(join(tmpdir(), 'stride-playground-'));
  await build({ root: APP_ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({
    root: APP_ROOT,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const { port } = server.httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    outDir,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
