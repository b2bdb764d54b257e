import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { describe, it } from 'vitest';
import type { TestResult } from './browser/vitest-shim.js';

// Debian's chromium (packages/tooling/ensure-chromium.sh installs it), on its SwiftShader
// WebGPU adapter, with the page served from 127.0.0.1 (WebGPU needs a secure context) and no
// network beyond it.
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox', '--headless', '--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];
const TEST_TIMEOUT_MS = 30_000;

/**
 * Bundles test/browser/entry.ts (the conformance suite with 'vitest' aliased to the shim),
 * runs it in the page and returns one result per test. Runs while this file is collected so
 * that each browser test becomes a vitest test of its own below.
 */
async function runInChromium(): Promise<TestResult[]> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./browser/entry.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['stride-source'],
    alias: { vitest: fileURLToPath(new URL('./browser/vitest-shim.ts', import.meta.url)) },
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  const server = await serve({
    '/': ['text/html', '<!doctype html><meta charset="utf-8"><title>Stride conformance</title><script type="module" src="/suite.js"></script>'],
    '/suite.js': ['text/javascript', script],
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => typeof window.strideConformance === 'function', null, { timeout: 30_000 }).catch(() => {
      throw new Error(`the conformance page did not start: ${pageErrors.join('; ') || 'no page error reported'}`);
    });
    return await page.evaluate((ms) => window.strideConformance(ms), TEST_TIMEOUT_MS);
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

const results = await runInChromium();

describe('conformance in headless Chromium (SwiftShader WebGPU)', () => {
  it('ran the suite', ({ expect }) => {
    expect(results.length).toBeGreaterThan(0);
  });
  for (const r of results) {
    it(r.name, (ctx) => {
      if (r.status === 'skipped') ctx.skip();
      if (r.status === 'failed') throw new Error(r.error);
    });
  }
});
