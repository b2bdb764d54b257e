import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';

// Debian's chromium package (.ci/run installs it); the flags keep it from reaching the network.
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const quiet = { write: () => true, isTTY: false };

describe('report.html of a real run, in headless Chromium', () => {
  const out = mkdtempSync(join(tmpdir(), 'stride-bench-html-'));
  // STRIDE_BENCH_SCREENSHOT keeps the picture somewhere a person can look at it.
  const screenshot = process.env.STRIDE_BENCH_SCREENSHOT ?? join(out, 'report.png');
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const { code } = await main(['all', '--profile', 'micro', '--backends', 'cpu', '--runtimes', 'node', '--out', out], {
      stdout: quiet,
      stderr: quiet,
    });
    expect(code).toBe(0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(pathToFileURL(join(out, 'report.html')).href);
  }, 90000);
  afterAll(async () => {
    await browser?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('has the parity matrix with every conformance test passed on node, the benchmark table and the training section', async () => {
    const headings = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent));
    expect(headings).toEqual(['Parity', 'Benchmarks', 'LeNet-5 on MNIST']);
    const total = await page.textContent('table.parity tr.total th:nth-child(2)');
    // "passed/total", then " +k skipped" where a test opted out by a capability the backend lacks.
    const [, passed, count] = (/^(\d+)\/(\d+)/.exec(total ?? '') ?? []).map(Number);
    expect(count).toBeGreaterThan(0);
    expect(passed).toBe(count);
  });

  it('draws a ratio chart with bars and a loss curve with a visible line', async () => {
    const charts = await page.$$eval('svg', (svgs) =>
      svgs.map((s) => {
        const box = s.getBoundingClientRect();
        const marks = [...s.querySelectorAll('rect.bar, polyline.curve')].filter((m) => {
          const r = m.getBoundingClientRect();
          return r.width > 0 && r.height > 0;
        });
        return { kind: s.getAttribute('class'), width: box.width, height: box.height, marks: marks.length };
      }),
    );
    expect(charts.map((c) => c.kind)).toEqual(['ratio-chart', 'line-chart']);
    for (const c of charts) {
      expect(c.width).toBeGreaterThan(100);
      expect(c.height).toBeGreaterThan(50);
      expect(c.marks).toBeGreaterThan(0);
    }
  });

  it('shows the 20 filters as an image whose pixels are not uniform', async () => {
    const stats = await page.$eval('img#filters', async (img: HTMLImageElement) => {
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      const levels = new Set<number>();
      for (let i = 0; i < data.length; i += 4) levels.add(data[i]!);
      return { width: img.naturalWidth, height: img.naturalHeight, levels: levels.size };
    });
    expect(stats.width).toBeGreaterThan(0);
    expect(stats.height).toBeGreaterThan(0);
    expect(stats.levels).toBeGreaterThan(16);
  });

  it('takes a full-page screenshot', async () => {
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(20000);
  });
});
