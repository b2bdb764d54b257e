import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchCase } from '../cases/catalog.js';
import type { MeasureSettings } from '../measure/measure.js';
import type { Progress } from '../report/progress.js';
import type { PytorchInfo } from '../report/types.js';
import { ensureOpenblas } from './openblas.js';
import { pytorchPlan } from './plan.js';
import { benchScript, findTorch, lastErrorLine, pythonPath, runProcess } from './python.js';

/** One row as scripts/pytorch_reference.py reports it. */
export interface TorchRow {
  id: string;
  status: 'ok' | 'failed';
  reason: string | null;
  firstMs?: number;
  samplesMs?: number[];
  peakRssBytes?: number;
}

export interface PytorchRun {
  info: PytorchInfo;
  /** Row id → what the script said of it; a row missing here never finished. */
  rows: Map<string, TorchRow>;
  /** Why rows are missing (the script crashed or timed out), or null. */
  error: string | null;
  /** Why OpenBLAS could not be installed, where it could not (torch then runs on the BLAS it has). */
  blasSetup: string | null;
}

export interface PytorchRunOptions {
  cases: readonly BenchCase[];
  settings: MeasureSettings;
  /** Stride's cpu threads: PyTorch gets as many. */
  threads: number;
  /** Where pytorch-plan.json goes (the report's folder), so PyTorch can be rerun alone. */
  outDir: string;
  progress: Progress;
  python?: string;
}

/**
 * PyTorch on every row it has, in one subprocess, after the in-process engines: finds Debian's
 * torch (absent: every row 'unavailable' with the reason, never a failure), makes sure it has
 * OpenBLAS, writes the plan and runs scripts/pytorch_reference.py on it.
 */
export async function runPytorch(opts: PytorchRunOptions): Promise<PytorchRun> {
  const torch = await findTorch(opts.python ?? pythonPath());
  if ('reason' in torch) return { info: unavailablePytorch(torch.reason), rows: new Map(), error: null, blasSetup: null };
  const blasSetup = await ensureOpenblas();
  const plan = pytorchPlan(opts.cases, opts.settings, opts.threads);
  mkdirSync(resolve(opts.outDir), { recursive: true });
  const planPath = join(resolve(opts.outDir), 'pytorch-plan.json');
  writeFileSync(planPath, `${JSON.stringify(plan, null, 1)}\n`);

  const rows = new Map<string, TorchRow>();
  let info: PytorchInfo = { ...unavailablePytorch('pytorch_reference.py wrote no info line'), available: true, reason: null };
  opts.progress.start(`PyTorch ${torch.version}`, plan.rows.length);
  const threads = String(opts.threads);
  const run = await runProcess(torch.python, [benchScript('pytorch_reference.py'), '--plan', planPath, '--jsonl'], {
    timeoutMs: 120_000 + plan.rows.length * (plan.settings.budgetMs + 60_000),
    env: { OMP_NUM_THREADS: threads, OPENBLAS_NUM_THREADS: threads, MKL_NUM_THREADS: threads },
    onLine: (line) => {
      const message = parseLine(line);
      if (message?.type === 'info') info = { ...message.info, available: true, reason: null };
      if (message?.type === 'row') {
        rows.set(message.row.id, message.row);
        opts.progress.step(
          `${message.row.id} · PyTorch: ${message.row.status === 'ok' ? 'done' : `${message.row.status} (${message.row.reason})`}`,
        );
      }
    },
  });
  opts.progress.end();
  const error =
    run.code === 0
      ? null
      : run.timedOut
        ? 'pytorch_reference.py timed out'
        : `pytorch_reference.py exited with ${run.code}: ${lastErrorLine(run.stderr)}`;
  return { info, rows, error, blasSetup };
}

export function unavailablePytorch(reason: string): PytorchInfo {
  return { available: false, reason, version: null, torchvision: null, threads: null, blas: null, blasConfig: null };
}

type Message = { type: 'info'; info: Omit<PytorchInfo, 'available' | 'reason'> } | { type: 'row'; row: TorchRow };

/** A line of the script's --jsonl output; null for anything else (a stray print). */
export function parseLine(line: string): Message | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  if (o.type === 'info') {
    const text = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : null);
    return {
      type: 'info',
      info: {
        version: text('version'),
        torchvision: text('torchvision'),
        threads: typeof o.threads === 'number' ? o.threads : null,
        blas: text('blas'),
        blasConfig: text('blasConfig'),
      },
    };
  }
  if (o.type === 'row' && typeof o.id === 'string' && (o.status === 'ok' || o.status === 'failed')) {
    const row: TorchRow = { id: o.id, status: o.status, reason: typeof o.reason === 'string' ? o.reason : null };
    if (typeof o.firstMs === 'number') row.firstMs = o.firstMs;
    if (Array.isArray(o.samplesMs)) row.samplesMs = o.samplesMs.filter((x): x is number => typeof x === 'number');
    if (typeof o.peakRssBytes === 'number') row.peakRssBytes = o.peakRssBytes;
    return { type: 'row', row };
  }
  return null;
}
