import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memory } from '@stride/core-tensor';
import { findTorch } from '../src/pytorch/python.js';
import { main } from '../src/main.js';
import { validateReport } from '../src/report/validate.js';
import type { Report } from '../src/report/types.js';

/** Collects what the CLI writes. */
function sink() {
  const chunks: string[] = [];
  return { text: () => chunks.join(''), write: (s: string) => chunks.push(s), isTTY: false };
}

describe('stride-bench bench --profile micro', () => {
  const out = mkdtempSync(join(tmpdir(), 'stride-bench-smoke-'));
  const stdout = sink();
  const stderr = sink();
  let code = -1;
  let tensorsBefore = 0;
  let report: Report | null = null;

  beforeAll(async () => {
    tensorsBefore = memory().numTensors;
    ({ code, report } = await main(['bench', '--profile', 'micro', '--backends', 'cpu,webgpu', '--out', out], { stdout, stderr }));
  }, 60000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('exits 0', () => {
    expect(code, stderr.text()).toBe(0);
  });
  it('times the op on Stride and both tfjs peers', () => {
    const row = report?.bench?.rows[0];
    expect(row?.id).toBe('matmul-128');
    expect(
      row?.results.filter((r) => r.engine.endsWith('cpu') || r.engine === 'tfjs-wasm').map((r) => [r.engine, r.status, r.samples]),
    ).toEqual([
      ['stride-cpu', 'ok', 1],
      ['tfjs-cpu', 'ok', 1],
      ['tfjs-wasm', 'ok', 1],
    ]);
  });
  it('adds PyTorch after the other rows (or says why it is unavailable), onnxruntime, and the FMA ceiling', async () => {
    const results = Object.fromEntries(report!.bench!.rows[0]!.results.map((r) => [r.engine, r]));
    const torch = await findTorch();
    if ('reason' in torch) {
      expect(results.pytorch).toMatchObject({ status: 'unavailable', reason: torch.reason });
      expect(report?.machine.pytorch).toMatchObject({ available: false, reason: torch.reason });
    } else {
      expect(results.pytorch).toMatchObject({ status: 'ok', samples: 1 });
      expect(report?.machine.pytorch).toMatchObject({ available: true, version: torch.version });
      expect(stdout.text()).toMatch(/^PyTorch .*, BLAS: /m);
    }
    // matmul 128 is no inference row: the onnxruntime columns say so.
    for (const id of ['onnxruntime-node', 'onnxruntime-web']) expect(results[id]?.status, id).toMatch(/^(unsupported|unavailable)$/);
    // On 1 thread and on the cpu backend's ("2 threads").
    const threads = Number.parseInt(report?.backends.find((b) => b.name === 'cpu')?.adapter ?? '', 10);
    expect(report?.bench?.ceiling?.runs.map((r) => r.threads)).toEqual([...new Set([1, threads])]);
    expect(stdout.text()).toContain('matmul 128 on Stride cpu:');
  });
  it('reports webgpu with its adapter, or as unavailable with the reason, and goes on', () => {
    // Whether this machine's WebGPU (Dawn on a Vulkan driver) has an adapter depends on its
    // drivers; either way the run must go on and say which it was.
    const webgpu = report?.backends.find((b) => b.name === 'webgpu');
    if (process.env.STRIDE_BENCH_EXPECT_WEBGPU) expect(webgpu?.available, webgpu?.reason ?? '').toBe(true);
    if (webgpu?.available) {
      expect(webgpu.adapter).toBeTruthy();
      expect(report?.bench?.rows[0]?.results.map((r) => r.engine)).toContain('stride-webgpu');
    } else {
      expect(webgpu?.reason).toMatch(/^(no WebGPU adapter: .+|backend not installed \(@stride\/kernels-webgpu\))$/);
      expect(stdout.text()).toContain(`webgpu: unavailable (${webgpu?.reason}`);
    }
  });
  it('prints the table with the ratio columns and the progress lines', () => {
    expect(stdout.text()).toMatch(/matmul 128 .*×/);
    expect(stdout.text()).toContain('× tfjs-wasm');
    // Five in-process engines on cpu (Stride, two tfjs, two onnxruntime), two more when webgpu runs.
    expect(stderr.text()).toMatch(/\[1\/[57]\] matmul 128 · Stride cpu: median/);
  });
  it('writes report.json that matches the schema, and report.html', () => {
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as unknown;
    expect(validateReport(json)).toEqual([]);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });
  it('trains LeNet on real MNIST images and says it was a subset', () => {
    expect(report?.training).toMatchObject({ subset: true, steps: 3, images: 48 });
    expect(report?.training?.losses).toHaveLength(3);
    expect(report?.training?.note).toContain('subset');
  });
  it('leaves no Stride tensor alive', () => {
    expect(memory().numTensors).toBe(tensorsBefore);
  });
});
