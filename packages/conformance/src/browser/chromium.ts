import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { chromium } from 'playwright-core';
import type { TestResult } from './vitest-shim.js';

// Debian's chromium (packages/tooling/ensure-chromium.sh installs it), on its SwiftShader
// WebGPU adapter, with the page served from 127.0.0.1 (WebGPU needs a secure context) and no
// network beyond it.
export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--headless',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SHIM = fileURLToPath(new URL('./vitest-shim.ts', import.meta.url));

export interface PageSuite {
  /** A script that registers tests through 'vitest' and sets `window.strideConformance` to the shim's `run`. */
  entry: string;
  /** Per test and per hook. */
  timeoutMs: number;
  /** esbuild plugins for the bundle (e.g. to wrap a module of the suite). */
  plugins?: Plugin[];
}

/**
 * Bundles `entry` for the browser with 'vitest' aliased to the shim, serves it from 127.0.0.1,
 * runs it in headless Chromium and returns one result per test, as vitest would report them.
 */
export async function runInChromium(suite: PageSuite): Promise<TestResult[]> {
  const bundle = await build({
    entryPoints: [suite.entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['stride-source'],
    alias: { vitest: SHIM },
    plugins: suite.plugins ?? [],
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  const server = await serve({
    '/': [
      'text/html',
      '<!doctype html><meta charset="utf-8"><title>Stride conformance</title><script type="module" src="/suite.js"></script>',
    ],
    '/suite.js': ['text/javascript', script],
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page
      .waitForFunction(() => typeof window.strideConformance === 'function', null, { timeout: 30_000 })
      .catch(() => {
        throw new Error(`the conformance page did not start: ${pageErrors.join('; ') || 'no page error reported'}`);
      });
    return await page.evaluate((ms) => window.strideConformance(ms), suite.timeoutMs);
  } finally {
    await browser.close();
    server.close();
  }
}

function serve(routes: Record<string, [type: string, body: string]>): Promise<Server> {
  const server = createServer((req, res) => {
    const route = routes[req.url ?? ''];
    res.writeHead(route ? 200 : 404, { 'content-type': route?.[0] ?? 'text/plain' });
    res.end(route?.[1] ?? 'not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
