// The app as a user gets it: built, served by `vite preview` (with its COOP/COEP headers), opened
// in Debian's headless Chromium. It trains on the CPU backend and on WebGPU (SwiftShader), reads a
// drawn digit, saves the weights, and leaves a screenshot in test-output/playground.png.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import torch from './fixtures/torch-lenet5.json' with { type: 'json' };
import { APP_ROOT, buildAndPreview, type ServedApp } from './helpers/app-server.ts';
import { chromiumMissing, launchChromium } from './helpers/chromium.ts';
import { decodePng, lumaVariance } from './helpers/png.ts';
import { safetensorsHeader } from './helpers/safetensors-header.ts';
import { serveStatic } from './helpers/static-server.ts';

const missing = chromiumMissing();
if (missing) console.warn(`SKIPPED the playground's browser test: no Chromium (${missing})`);

/**
 * Steps each backend trains for. SwiftShader, Chromium's CPU adapter, takes seconds for a
 * LeNet-5 step of 32 images (and longer for the first, which compiles the pipelines).
 */
const CPU_STEPS = 30;
const WEBGPU_STEPS = 8;

describe.skipIf(missing !== null)('the playground in headless Chromium', () => {
  let app: ServedApp;
  let browser: Browser;
  let page: Page;
  let tmp: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'stride-playground-test-'));
    app = await buildAndPreview();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 1000 }, acceptDownloads: true });
    const onConsole = (m: ConsoleMessage) => {
      if (m.type() === 'error') consoleErrors.push(`${m.text()} (${m.location().url})`);
    };
    page.on('console', onConsole);
    page.on('worker', (w) => w.on('console', onConsole));
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    await page.goto(`${app.url}?backend=cpu`);
    await page.waitForFunction(() => window.stridePlayground?.ready || window.stridePlayground?.errors.length, null, { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('loads MNIST and starts on the CPU backend, with threads (the page is cross-origin isolated)', async () => {
    const state = await page.evaluate(() => ({
      ...window.stridePlayground,
      isolated: crossOriginIsolated,
      cores: navigator.hardwareConcurrency,
    }));
    expect(state.errors).toEqual([]);
    expect(state.isolated).toBe(true);
    expect(state.backend?.kind).toBe('cpu');
    expect(state.backend?.detail).toBe(`${Math.min(8, state.cores)} thread${state.cores === 1 ? '' : 's'}`);
    expect(await page.textContent('#status')).toContain('60,000 training images');
  });

  it('trains on the CPU: the loss falls', async () => {
    const losses = await train(page, CPU_STEPS);
    expect(mean(losses.slice(-5))).toBeLessThan(0.75 * mean(losses.slice(0, 5)));
  });

  it('gives class probabilities that sum to 1 for a digit drawn on the pad with a finger, then a mouse', async () => {
    const pad = (await page.locator('#pad').boundingBox())!;
    const at = (x: number, y: number) => ({ x: pad.x + x * pad.width, y: pad.y + y * pad.height });
    // A "1" with touch events (Chromium turns them into the pointer events the pad listens to).
    const cdp = await page.context().newCDPSession(page);
    const stroke1 = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8].map((y) => at(0.52, y));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(0.5, 0.2)] });
    for (const p of stroke1) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [p] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    expectProbabilities(await drawnProbabilities(page));
    expect(await page.textContent('#guess')).not.toBe('');

    await page.click('#clear');
    await page.waitForFunction(() => window.stridePlayground.drawing === null);
    // A "7" with the mouse: the top bar, then the diagonal down to the left.
    await page.mouse.move(at(0.25, 0.2).x, at(0.25, 0.2).y);
    await page.mouse.down();
    for (const [x, y] of [
      [0.75, 0.2],
      [0.65, 0.45],
      [0.45, 0.85],
    ] as const)
      await page.mouse.move(at(x, y).x, at(x, y).y, { steps: 8 });
    await page.mouse.up();
    const p = await drawnProbabilities(page);
    expectProbabilities(p);
    const shown = await page.$$eval('#probabilities .prob-row', (rows) => rows.map((r) => Number((r as HTMLElement).dataset.probability)));
    expect(shown).toEqual(p);
  });

  it('trains on WebGPU (SwiftShader) after switching backends: the loss falls', async () => {
    const drawingBefore = await page.evaluate(() => Array.from(window.stridePlayground.drawing!));
    await page.selectOption('#backend', 'webgpu');
    await page.waitForFunction(() => window.stridePlayground.backend?.kind === 'webgpu' || window.stridePlayground.errors.length, null, {
      timeout: 60_000,
    });
    expect(await page.evaluate(() => window.stridePlayground.errors)).toEqual([]);
    expect(await page.textContent('#backend-info')).toContain('WebGPU');
    // Fresh weights, so the loss starts from chance (ln 10) again; a smaller batch for SwiftShader.
    await page.click('#reset');
    await page.selectOption('#batch-size', '32');
    await page.waitForFunction(() => window.stridePlayground.steps.length === 0);
    const losses = await train(page, WEBGPU_STEPS);
    expect(mean(losses.slice(-3))).toBeLessThan(0.9 * mean(losses.slice(0, 3)));
    // The drawing's probabilities follow the model: after the reset they are not the CPU model's.
    await page.waitForFunction(
      (before) => window.stridePlayground.drawing?.some((p, i) => Math.abs(p - before[i]!) > 1e-3),
      drawingBefore,
      { timeout: 60_000 },
    );
  });

  it('shows filters and feature maps, and writes a screenshot that is not blank', async () => {
    expect(await page.evaluate(() => window.stridePlayground.picturesDrawn)).toBeGreaterThan(1);
    const out = join(APP_ROOT, 'test-output');
    mkdirSync(out, { recursive: true });
    const png = await page.screenshot({ fullPage: true });
    writeFileSync(join(out, 'playground.png'), png);
    const image = decodePng(png);
    expect(image.width).toBe(1200);
    expect(lumaVariance(image)).toBeGreaterThan(200);
    // Each canvas of pictures has drawn something (not one flat colour).
    for (const id of ['filters', 'maps1', 'maps2', 'loss-chart', 'accuracy-chart']) {
      const shot = decodePng(await page.locator(`#${id}`).screenshot());
      expect(lumaVariance(shot), id).toBeGreaterThan(20);
    }
  });

  it("saves the weights as safetensors with PyTorch LeNet-5's keys and shapes, and loads them back", async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
    const file = join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    const header = safetensorsHeader(readFileSync(file));
    expect(Object.keys(header.tensors).sort()).toEqual(torch.tensors.map((t) => t.key).sort());
    for (const t of torch.tensors) expect(header.tensors[t.key]).toMatchObject({ dtype: t.dtype, shape: t.shape });
    expect(header.metadata).toMatchObject({ format: 'pt', model: 'lenet5' });

    // Reset restarted the count before the WebGPU steps.
    const step = await page.evaluate(() => window.stridePlayground.steps.at(-1)!.step);
    expect(step).toBeGreaterThanOrEqual(WEBGPU_STEPS);
    expect(download.suggestedFilename()).toBe(`lenet5-mnist-step${step}.safetensors`);
    await page.setInputFiles('#load-file', file);
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('loaded'));
    expect(await page.textContent('#status')).toContain(`(8 tensors, saved at step ${step})`);
    expect(await page.textContent('#step')).toBe(String(step));
  });

  it('logged no console error, in the page or the worker', () => {
    expect(consoleErrors).toEqual([]);
  });

  it('works from a plain static host too: no isolation headers, so the CPU backend runs on one thread', async () => {
    const host = await serveStatic(app.outDir);
    const plain = await browser.newPage();
    try {
      await plain.goto(`${host.url}?backend=cpu`);
      await plain.waitForFunction(() => window.stridePlayground?.ready || window.stridePlayground?.errors.length, null, {
        timeout: 60_000,
      });
      const state = await plain.evaluate(() => ({ ...window.stridePlayground, isolated: crossOriginIsolated }));
      expect(state.errors).toEqual([]);
      expect(state.isolated).toBe(false);
      expect(state.backend?.detail).toBe('1 thread (page not cross-origin isolated)');
      const losses = await train(plain, 10);
      expect(mean(losses.slice(-3))).toBeLessThan(0.9 * mean(losses.slice(0, 3)));
    } finally {
      await plain.close();
      host.close();
    }
  });
});

/**
 * Presses Train, waits for `steps` more steps, pauses; returns the new steps' losses. Checks that
 * the worker holds the same tensors after every step from the second on (nothing leaks).
 */
async function train(page: Page, steps: number): Promise<number[]> {
  const before = await page.evaluate(() => window.stridePlayground.steps.length);
  await page.click('#train');
  // Generous: on a busy 2-core machine a SwiftShader step can take 10 s, the first one 30 s.
  await page.waitForFunction((n) => window.stridePlayground.steps.length >= n || window.stridePlayground.errors.length, before + steps, {
    timeout: 60_000 + steps * 20_000,
  });
  await page.click('#train');
  await page.waitForFunction(() => !window.stridePlayground.training);
  const state = await page.evaluate(() => ({ errors: window.stridePlayground.errors, steps: window.stridePlayground.steps }));
  expect(state.errors).toEqual([]);
  const run = state.steps.slice(before);
  expect(new Set(run.slice(1).map((s) => `${s.liveTensors} tensors, ${s.liveBytes} bytes`))).toEqual(
    new Set([`${run[1]!.liveTensors} tensors, ${run[1]!.liveBytes} bytes`]),
  );
  return run.map((s) => s.loss);
}

/** The probabilities of the drawing on the pad, once the worker has answered. */
async function drawnProbabilities(page: Page): Promise<number[]> {
  await page.waitForFunction(() => window.stridePlayground.drawing !== null);
  return page.evaluate(() => Array.from(window.stridePlayground.drawing!));
}

function expectProbabilities(p: number[]): void {
  expect(p).toHaveLength(10);
  for (const v of p) expect(v).toBeGreaterThanOrEqual(0);
  expect(Math.abs(p.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
