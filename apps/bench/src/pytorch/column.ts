import { median, minimum, perSecond } from '../measure/stats.js';
import type { BenchReport, BenchRow, EngineInfo, EngineResult } from '../report/types.js';
import { emptyResult } from '../run-bench.js';
import type { PytorchRun } from './run-pytorch.js';

export const PYTORCH_ENGINE: EngineInfo = { id: 'pytorch', label: 'PyTorch', backend: 'cpu', library: 'pytorch' };

/**
 * Adds PyTorch as a peer column of the cpu table: each row gets PyTorch's result, as the other
 * engines' (median, min and max of the samples, GFLOP/s and images/s from the row's counts).
 * Rows PyTorch has no counterpart for are unsupported; every row is unavailable, with the
 * reason, where torch is; rows the script never reached failed with its error.
 */
export function addPytorchColumn(bench: BenchReport, run: PytorchRun, hasTorchSpec: (rowId: string) => boolean): BenchReport {
  return {
    ...bench,
    engines: [...bench.engines, PYTORCH_ENGINE],
    rows: bench.rows.map((row) => ({ ...row, results: [...row.results, pytorchResult(row, run, hasTorchSpec(row.id))] })),
  };
}

function pytorchResult(row: BenchRow, run: PytorchRun, hasSpec: boolean): EngineResult {
  if (!run.info.available) return emptyResult(PYTORCH_ENGINE.id, 'unavailable', run.info.reason);
  if (!hasSpec)
    return emptyResult(
      PYTORCH_ENGINE.id,
      'unsupported',
      'no PyTorch counterpart: the data package batch-transforms typed arrays before any backend',
    );
  const r = run.rows.get(row.id);
  if (!r) return emptyResult(PYTORCH_ENGINE.id, 'failed', run.error ?? 'pytorch_reference.py did not report this row');
  if (r.status !== 'ok' || !r.samplesMs || r.samplesMs.length === 0)
    return emptyResult(PYTORCH_ENGINE.id, 'failed', r.reason ?? 'no samples');
  const med = median(r.samplesMs);
  return {
    engine: PYTORCH_ENGINE.id,
    status: 'ok',
    reason: null,
    firstMs: r.firstMs ?? null,
    medianMs: med,
    minMs: minimum(r.samplesMs),
    maxMs: Math.max(...r.samplesMs),
    samples: r.samplesMs.length,
    gflops: row.flops === null ? null : (perSecond(row.flops, med) ?? 0) / 1e9,
    imagesPerSec: perSecond(row.images, med),
    // PyTorch does not count its live tensor bytes on the CPU; the process's resident set it has.
    peakBytes: null,
    peakRssBytes: r.peakRssBytes ?? null,
  };
}
