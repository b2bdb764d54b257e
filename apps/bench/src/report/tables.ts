import { ratioSpread, speedRatio } from '../measure/stats.js';
import { formatBytes, formatMs, formatRate, formatRatioWithSpread, formatTable } from './format.js';
import type {
  BackendStatus,
  BenchReport,
  BenchRow,
  EngineResult,
  FamilyResult,
  FmaCeiling,
  ParityReport,
  PytorchInfo,
  TrainingReport,
} from './types.js';
import { backendLabel } from './verdict.js';

/**
 * Op family × backend/runtime: passed/total and the worst error ratio (max error over the
 * tolerance; below 1 passes). Runs that could not start are listed under the table.
 */
export function parityMatrix(parity: ParityReport): string {
  const ran = parity.runs.filter((r) => r.available && !r.error);
  const notes = parity.runs.filter((r) => !r.available || r.error).map((r) => `${r.backend}/${r.runtime}: ${r.reason ?? `error: ${r.error}`}`);
  if (ran.length === 0) return ['parity: no backend/runtime ran', ...notes].join('\n');
  const families = [...new Set(ran.flatMap((r) => r.families.map((f) => f.family)))];
  const header = ['op family', ...ran.map((r) => `${r.backend}/${r.runtime}`)];
  const rows = families.map((family) => [
    family,
    ...ran.map((r) => {
      const f = r.families.find((x) => x.family === family);
      return f ? familyCell(f) : '—';
    }),
  ]);
  const totals = ['all', ...ran.map((r) => countCell(sum(r.families, 'passed'), sum(r.families, 'total'), sum(r.families, 'skipped')))];
  const skipNote = ran.some((r) => sum(r.families, 'skipped') > 0) ? [SKIP_NOTE] : [];
  return [formatTable(header, [...rows, totals]), ...skipNote, ...notes].join('\n');
}

export const SKIP_NOTE = 'skipped: tests a backend opts out of by a capability it declares it lacks (float64 gradchecks, readSync on WebGPU)';

function familyCell(f: FamilyResult): string {
  return `${countCell(f.passed, f.total, f.skipped)}${f.worstRatio === null ? '' : ` · ${formatWorst(f.worstRatio)}`}`;
}

/** passed/ran, and how many were skipped; a family that ran nothing says only that. */
export function countCell(passed: number, total: number, skipped: number): string {
  if (total === 0 && skipped > 0) return `${skipped} skipped`;
  return `${passed}/${total}${skipped > 0 ? ` +${skipped} skipped` : ''}`;
}

export function formatWorst(ratio: number): string {
  return ratio === Infinity ? 'NaN' : ratio.toPrecision(2);
}

/**
 * One table per Stride backend: Stride's median, min and first-run times, throughput and peak
 * memory, then each peer's median and how many times faster Stride is (peer time / Stride time).
 */
export function benchTables(bench: BenchReport, backends: readonly BackendStatus[] = []): string {
  const strides = bench.engines.filter((e) => e.library === 'stride');
  return strides
    .map((stride) => {
      const peers = bench.engines.filter((e) => e.library !== 'stride' && e.backend === stride.backend);
      const header = [
        'benchmark', `${stride.label} median`, 'min', 'first run', 'GFLOP/s', 'images/s', 'peak tensors / RSS',
        ...peers.flatMap((p) => [`${p.label} median`, `× ${p.label}`]),
      ];
      const rows = bench.rows.map((row) => {
        const s = resultOf(row, stride.id);
        return [
          row.name,
          cell(s, formatMs(s?.medianMs ?? null)),
          cell(s, formatMs(s?.minMs ?? null)),
          cell(s, formatMs(s?.firstMs ?? null)),
          cell(s, formatRate(s?.gflops ?? null)),
          cell(s, formatRate(s?.imagesPerSec ?? null, 1)),
          cell(s, `${formatBytes(s?.peakBytes ?? null)} / ${formatBytes(s?.peakRssBytes ?? null)}`),
          ...peers.flatMap((p) => {
            const r = resultOf(row, p.id);
            return [cell(r, formatMs(r?.medianMs ?? null)), cell(r, formatRatioWithSpread(speedRatio(s?.medianMs ?? null, r?.medianMs ?? null), s && r ? ratioSpread(s, r) : null))];
          }),
        ];
      });
      const on = backendLabel(backends.find((b) => b.name === stride.backend), stride.backend);
      const title = `${stride.label} on ${on} vs ${peers.map((p) => p.label).join(', ') || 'no peers'} (× = Stride's speed over the peer's, median (range over every pair of runs); above 1, Stride is faster)`;
      const notes = stride.backend === 'cpu' ? [augmentationNote(bench), bench.ceiling ? ceilingText(bench.ceiling, bench) : null] : [];
      return [title, formatTable(header, rows), ...missingNotes(bench), ...notes.filter((n) => n !== null)].join('\n');
    })
    .join('\n\n');
}

/**
 * One line per engine and reason for results that have no numbers, naming the rows; where that is
 * most rows (an inference engine has only the inference rows), naming the others instead.
 */
export function missingNotes(bench: BenchReport): string[] {
  const groups = new Map<string, { engine: string; rows: string[] }>();
  for (const row of bench.rows) {
    for (const r of row.results) {
      if (r.status === 'ok') continue;
      const key = `${r.engine} ${r.status}${r.reason ? ` (${r.reason})` : ''}`;
      const group = groups.get(key) ?? { engine: r.engine, rows: [] };
      group.rows.push(row.name);
      groups.set(key, group);
    }
  }
  return [...groups].map(([key, { engine, rows }]) => {
    const others = bench.rows.filter((row) => row.results.some((r) => r.engine === engine) && !rows.includes(row.name)).map((row) => row.name);
    return others.length > 0 && rows.length > 2 * others.length ? `  ${key}: every row but ${others.join(', ')}` : `  ${key}: ${rows.join(', ')}`;
  });
}

/** The FMA ceiling on each thread count, and the largest matmul on Stride cpu as a fraction of it. */
export function ceilingText(c: FmaCeiling, bench: BenchReport | null): string {
  const runs = c.runs.map((r) => `${formatRate(r.gflops, 1)} GFLOP/s on ${r.threads} thread${r.threads === 1 ? '' : 's'}`).join(', ');
  const lines = [`WebAssembly FMA ceiling (${c.instruction}, ${c.accumulators} accumulators, registers only): ${runs}`];
  const sgemm = bench ? sgemmOfCeiling(bench, c) : null;
  if (sgemm) {
    lines.push(
      `  ${sgemm.row} on Stride cpu: ${formatRate(sgemm.gflops, 1)} GFLOP/s, ${(100 * sgemm.fraction).toFixed(0)}% of the ${sgemm.threads}-thread ceiling`,
    );
  }
  return lines.join('\n');
}

/** The largest matmul row Stride cpu ran, its GFLOP/s over the ceiling at the most threads measured (Stride's count). */
export function sgemmOfCeiling(bench: BenchReport, c: FmaCeiling): { row: string; gflops: number; threads: number; fraction: number } | null {
  const stride = bench.engines.find((e) => e.library === 'stride' && e.backend === 'cpu');
  const top = c.runs.reduce<FmaCeiling['runs'][number] | null>((a, r) => (a === null || r.threads > a.threads ? r : a), null);
  const rows = bench.rows.filter((r) => r.group === 'matmul' && r.flops !== null).sort((a, b) => (b.flops ?? 0) - (a.flops ?? 0));
  for (const row of rows) {
    const r = stride ? resultOf(row, stride.id) : undefined;
    if (r?.status === 'ok' && r.gflops !== null && top && top.gflops > 0) {
      return { row: row.name, gflops: r.gflops, threads: top.threads, fraction: r.gflops / top.gflops };
    }
  }
  return null;
}

/** The PyTorch peer in one line: its version, threads and BLAS, or why it did not run. */
export function pytorchText(p: PytorchInfo): string {
  if (!p.available) return `PyTorch: unavailable (${p.reason})`;
  return `PyTorch ${p.version} (torchvision ${p.torchvision}), ${p.threads} thread${p.threads === 1 ? '' : 's'}, BLAS: ${p.blas} (torch.__config__: ${p.blasConfig})`;
}

export function trainingSummary(t: TrainingReport): string {
  const first = t.losses[0];
  const last = t.losses[t.losses.length - 1];
  return [
    `MNIST LeNet-5: ${t.note}`,
    `loss ${first?.toFixed(3)} → ${last?.toFixed(3)} over ${t.steps} steps; test accuracy ${(t.testAccuracy * 100).toFixed(1)}% on ${t.testImages} images; ${(t.durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

export function resultOf(row: BenchRow, engine: string): EngineResult | undefined {
  return row.results.find((r) => r.engine === engine);
}

/** A result's value, or its status when it has none (unsupported, unavailable, failed). */
function cell(r: EngineResult | undefined, value: string): string {
  if (!r) return '—';
  return r.status === 'ok' ? value : r.status;
}

const sum = <T>(xs: readonly T[], key: { [K in keyof T]: T[K] extends number ? K : never }[keyof T]) =>
  xs.reduce((a, x) => a + (x[key] as number), 0);

/**
 * Issue 15's rule for the data package: augmenting a CIFAR batch must take less time than the
 * model's forward pass of it. The forward time of the same images comes from resnet20's measured
 * inference rate on the CPU.
 */
export function augmentationNote(bench: BenchReport): string | null {
  const augment = bench.rows.find((r) => r.group === 'data');
  const infer = bench.rows.find((r) => r.id === 'resnet20-infer');
  const stride = bench.engines.find((e) => e.library === 'stride' && e.backend === 'cpu');
  const a = augment && stride ? resultOf(augment, stride.id) : undefined;
  const f = infer && stride ? resultOf(infer, stride.id) : undefined;
  if (!augment?.images || a?.medianMs == null || !f?.imagesPerSec) return null;
  const forwardMs = (augment.images / f.imagesPerSec) * 1000;
  const verdict = a.medianMs <= forwardMs ? 'less than' : 'MORE than';
  return `augmenting ${augment.images} CIFAR images (${augment.name.replace('augment: ', '')}) takes ${formatMs(a.medianMs)}, ${verdict} resnet20's forward pass of them (${formatMs(forwardMs)} at its measured ${formatRate(f.imagesPerSec, 1)} images/s)`;
}
