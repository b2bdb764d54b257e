// PyTorch as the cpu table's peer column: the plan the bench hands scripts/pytorch_reference.py,
// the script on every row of the quick profile, the JSON lines it writes, and the column built
// from them; where torch is missing, every row is 'unavailable' with the reason, never a failure.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { benchCases } from '../src/cases/catalog.js';
import { PROFILES } from '../src/profiles.js';
import { addPytorchColumn } from '../src/pytorch/column.js';
import { pytorchPlan } from '../src/pytorch/plan.js';
import { findTorch } from '../src/pytorch/python.js';
import { parseLine, runPytorch, unavailablePytorch, type PytorchRun } from '../src/pytorch/run-pytorch.js';
import type { Progress } from '../src/report/progress.js';
import { okResult, sampleReport } from './sample-report.js';

const quiet: Progress = { start: () => {}, status: () => {}, step: () => {}, end: () => {} };
const out = mkdtempSync(join(tmpdir(), 'stride-bench-pytorch-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
afterEach(() => {
  delete process.env.STRIDE_BENCH_PYTHON;
});

describe('the PyTorch plan', () => {
  it('has every row of the bench but the data package augmentation, with the profile measuring rule', () => {
    const cases = benchCases(PROFILES.quick);
    const plan = pytorchPlan(cases, PROFILES.quick, 2);
    expect(plan.rows.map((r) => r.id)).toEqual(cases.filter((c) => !c.id.startsWith('augment')).map((c) => c.id));
    expect(plan.settings).toEqual({ warmup: 1, warmupMs: 400, minSamples: 1, maxSamples: 9, budgetMs: 800, slowRunMs: null });
    expect(plan.threads).toBe(2);
    expect(plan.rows.find((r) => r.id === 'conv-resnet-3-3-forward')?.spec).toEqual({
      kind: 'conv',
      pass: 'forward',
      name: 'ResNet 3×3',
      n: 32,
      cIn: 64,
      cOut: 64,
      size: 32,
      k: 3,
      pad: 1,
      stride: 1,
    });
    expect(plan.rows.find((r) => r.id === 'resnet20-train')?.spec).toEqual({ kind: 'model', model: 'resnet20', mode: 'train', batch: 32 });
  });
});

describe('pytorch_reference.py', () => {
  it('runs every row of the quick profile once (or, without torch, reports it unavailable)', async () => {
    const torch = await findTorch();
    const cases = benchCases(PROFILES.quick);
    // One untimed-rule run of each row: the first run only, no samples.
    const settings = { ...PROFILES.quick, warmup: 1, minSamples: 0, maxSamples: 0, budgetMs: 0 };
    const run = await runPytorch({ cases, settings, threads: 2, outDir: out, progress: quiet });
    if ('reason' in torch) {
      expect(run.info).toEqual(unavailablePytorch(torch.reason));
      return;
    }
    expect(run.error).toBeNull();
    expect(run.info).toMatchObject({ available: true, version: torch.version, torchvision: torch.torchvision, threads: 2 });
    expect(run.info.blas).toMatch(/\w/);
    expect(run.info.blasConfig).toMatch(/^BLAS_INFO=/);
    const failed = [...run.rows.values()].filter((r) => r.status !== 'ok').map((r) => `${r.id}: ${r.reason}`);
    expect(failed).toEqual([]);
    expect([...run.rows.keys()]).toEqual(cases.filter((c) => c.torch).map((c) => c.id));
    for (const r of run.rows.values()) {
      expect(r.firstMs, r.id).toBeGreaterThan(0);
      expect(r.samplesMs).toEqual([]);
      expect(r.peakRssBytes, r.id).toBeGreaterThan(0);
    }
    const plan = join(out, 'pytorch-plan.json');
    expect(existsSync(plan)).toBe(true);
    expect((JSON.parse(readFileSync(plan, 'utf8')) as { rows: unknown[] }).rows).toHaveLength(run.rows.size);
  }, 300_000);

  it('reports a Python without torch as unavailable, with the reason', async () => {
    process.env.STRIDE_BENCH_PYTHON = '/nonexistent/python3';
    const run = await runPytorch({ cases: benchCases(PROFILES.micro), settings: PROFILES.micro, threads: 1, outDir: out, progress: quiet });
    expect(run.info).toEqual(unavailablePytorch("no /nonexistent/python3 (Debian's python3-torch is not installed)"));
    expect(run.rows.size).toBe(0);
  });
});

describe('the JSON lines', () => {
  it('reads the info line and the row lines, and ignores anything else', () => {
    expect(
      parseLine(
        '{"type": "info", "version": "1.13.0", "torchvision": "0.14.1", "threads": 2, "blas": "OpenBLAS", "blasConfig": "BLAS_INFO=generic"}',
      ),
    ).toEqual({
      type: 'info',
      info: { version: '1.13.0', torchvision: '0.14.1', threads: 2, blas: 'OpenBLAS', blasConfig: 'BLAS_INFO=generic' },
    });
    expect(
      parseLine(
        '{"type": "row", "id": "matmul-256", "status": "ok", "reason": null, "firstMs": 3, "samplesMs": [1, 2], "peakRssBytes": 9}',
      ),
    ).toEqual({
      type: 'row',
      row: { id: 'matmul-256', status: 'ok', reason: null, firstMs: 3, samplesMs: [1, 2], peakRssBytes: 9 },
    });
    expect(parseLine('{"type": "row", "id": "x", "status": "failed", "reason": "RuntimeError: boom"}')).toEqual({
      type: 'row',
      row: { id: 'x', status: 'failed', reason: 'RuntimeError: boom' },
    });
    expect(parseLine('Warning: something')).toBeNull();
    expect(parseLine('{"type": "row", "status": "ok"}')).toBeNull();
  });
});

describe('the PyTorch column', () => {
  const bench = () => {
    const b = sampleReport().bench!;
    // Without the column the sample's PyTorch results would be there twice.
    return {
      ...b,
      engines: b.engines.filter((e) => e.id !== 'pytorch'),
      rows: b.rows.map((r) => ({ ...r, results: r.results.filter((x) => x.engine !== 'pytorch') })),
    };
  };
  const run = (rows: PytorchRun['rows'], error: string | null = null): PytorchRun => ({
    info: { ...unavailablePytorch(''), available: true, reason: null },
    rows,
    error,
    blasSetup: null,
  });

  it('gives median, min, max, GFLOP/s and images/s from the samples, as for the other engines', () => {
    const rows = new Map([
      ['matmul-256', { id: 'matmul-256', status: 'ok' as const, reason: null, firstMs: 9, samplesMs: [4, 2, 3], peakRssBytes: 100 }],
    ]);
    const b = addPytorchColumn(bench(), run(rows), () => true);
    expect(b.engines.at(-1)).toEqual({ id: 'pytorch', label: 'PyTorch', backend: 'cpu', library: 'pytorch' });
    const r = b.rows[0]!.results.at(-1)!;
    expect(r).toEqual({
      ...okResult('pytorch', 3),
      firstMs: 9,
      minMs: 2,
      maxMs: 4,
      gflops: (2 * 256 ** 3) / 3e-3 / 1e9,
      imagesPerSec: null,
      peakBytes: null,
      peakRssBytes: 100,
    });
    // A row the script never reached failed, with the script's error.
    expect(addPytorchColumn(bench(), run(rows, 'pytorch_reference.py timed out'), () => true).rows[1]!.results.at(-1)).toMatchObject({
      status: 'failed',
      reason: 'pytorch_reference.py timed out',
    });
  });

  it('is unavailable on every row, with the reason, where torch is missing', () => {
    const b = addPytorchColumn(
      bench(),
      { info: unavailablePytorch('no torch for /usr/bin/python3'), rows: new Map(), error: null, blasSetup: null },
      () => true,
    );
    expect(b.rows.map((r) => [r.results.at(-1)?.status, r.results.at(-1)?.reason])).toEqual([
      ['unavailable', 'no torch for /usr/bin/python3'],
      ['unavailable', 'no torch for /usr/bin/python3'],
    ]);
  });

  it('is unsupported on a row PyTorch has no counterpart for', () => {
    const b = addPytorchColumn(bench(), run(new Map()), (id) => id !== 'matmul-256');
    expect(b.rows[0]!.results.at(-1)).toMatchObject({ status: 'unsupported' });
  });
});
