import { ratioSpread, speedRatio } from '../measure/stats.js';
import { filterPngDataUri } from './filters-image.js';
import { formatBytes, formatMs, formatRate, formatRatioWithSpread } from './format.js';
import { esc, lineChart, ratioChart, type RatioBar } from './svg-charts.js';
import { SKIP_NOTE, augmentationNote, ceilingText, countCell, formatWorst, missingNotes, pytorchText, resultOf } from './tables.js';
import type { BackendStatus, BenchReport, EngineResult, ParityReport, Report, TrainingReport } from './types.js';
import { backendLabel, verdicts } from './verdict.js';

/** The whole report as one self-contained HTML page: inline CSS, inline SVG, a data-URI image. */
export function renderHtml(r: Report): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stride bench report</title>
<style>${CSS}</style></head><body>
<h1>Stride bench report</h1>
<ul class="verdict">${verdicts(r).map((v) => `<li class="${v.includes('UNAVAILABLE') || v.includes('FAILING') ? 'bad' : 'good'}">${esc(v)}</li>`).join('')}</ul>
${header(r)}
${r.parity ? paritySection(r.parity) : ''}
${r.bench ? benchSection(r.bench, r.backends) : ''}
${r.training ? trainingSection(r.training) : ''}
</body></html>
`;
}

function header(r: Report): string {
  const m = r.machine;
  const backends = r.backends.map((b) => `${b.name}: ${b.available ? `available${b.adapter ? ` (${b.adapter})` : ''}` : `unavailable — ${b.reason}`}`);
  const rows: [string, string][] = [
    ['created', `${r.createdAt} · <code>stride-bench ${r.command} --profile ${r.profile.name}</code> · ${(r.durationMs / 1000).toFixed(0)} s`],
    ['profile', esc(r.profile.description)],
    ['runtime', `${r.runtime.name} ${esc(r.runtime.version)}`],
    ['machine', esc(`${m.cpuModel}, ${m.cores} cores, ${formatBytes(m.memoryBytes)}, ${m.os} ${m.arch}`)],
    ...(m.pytorch ? [['pytorch', esc(pytorchText(m.pytorch))] as [string, string]] : []),
    ['backends', esc(backends.join('; '))],
    ['versions', esc(Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(', '))],
  ];
  return `<table class="meta">${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>`;
}

function paritySection(p: ParityReport): string {
  const ran = p.runs.filter((r) => r.available && !r.error);
  const families = [...new Set(ran.flatMap((r) => r.families.map((f) => f.family)))];
  const head = `<tr><th>op family</th>${ran.map((r) => `<th>${r.backend} / ${r.runtime} ${esc(r.runtimeVersion ?? '')}</th>`).join('')}</tr>`;
  const notes = p.runs.filter((r) => !r.available || r.error).map((r) => `<li>${r.backend} / ${r.runtime}: ${esc(r.reason ?? `error: ${r.error}`)}</li>`);
  const body = families.map((family) => `<tr><td>${esc(family)}</td>${ran.map((r) => {
    const f = r.families.find((x) => x.family === family);
    if (!f) return '<td>—</td>';
    const cls = f.passed < f.total ? 'fail' : f.total === 0 ? 'skip' : 'pass';
    const ratio = f.worstRatio === null ? '' : ` <span class="ratio">worst ${formatWorst(f.worstRatio)}</span>`;
    return `<td class="${cls}" title="${esc(f.failures.join('\n'))}">${countCell(f.passed, f.total, f.skipped)}${ratio}</td>`;
  }).join('')}</tr>`);
  const totals = `<tr class="total"><th>all</th>${ran.map((r) => {
    const [passed, total, skipped] = (['passed', 'total', 'skipped'] as const).map((k) => r.families.reduce((a, f) => a + f[k], 0)) as [number, number, number];
    return `<th class="${passed === total ? 'pass' : 'fail'}">${countCell(passed, total, skipped)}</th>`;
  }).join('')}</tr>`;
  if (ran.some((r) => r.families.some((f) => f.skipped > 0))) notes.unshift(`<li>${esc(SKIP_NOTE)}</li>`);
  return `<h2>Parity</h2>
<p>The conformance suite (PyTorch fixtures, gradchecks, error messages) per backend and runtime: passed/total, and the worst
error ratio <code>max|got − expected| / (atol + rtol·max|expected|)</code> over the family's fixture tensors (below 1 passes).</p>
<table class="grid parity">${head}${body.join('')}${totals}</table>${notes.length ? `<ul class="notes">${notes.join('')}</ul>` : ''}`;
}

function benchSection(b: BenchReport, backends: readonly BackendStatus[]): string {
  const strides = b.engines.filter((e) => e.library === 'stride');
  const tables = strides.map((s) => {
    const peers = b.engines.filter((e) => e.library !== 'stride' && e.backend === s.backend);
    const head = `<tr><th>benchmark</th><th>shape</th><th>${esc(s.label)} median</th><th>min</th><th>first run</th><th>GFLOP/s</th><th>images/s</th><th>peak tensors / RSS</th>${peers.map((p) => `<th>${esc(p.label)} median</th><th>× ${esc(p.label)}</th>`).join('')}</tr>`;
    const rows = b.rows.map((row) => {
      const r = resultOf(row, s.id);
      const peerCells = peers.map((p) => {
        const q = resultOf(row, p.id);
        const spread = r && q ? ratioSpread(r, q) : null;
        return `${td(q, formatMs(q?.medianMs ?? null))}${td(q, formatRatioWithSpread(speedRatio(r?.medianMs ?? null, q?.medianMs ?? null), spread), r)}`;
      });
      return `<tr><td>${esc(row.name)}</td><td>${esc(row.shape)}</td>${td(r, formatMs(r?.medianMs ?? null))}${td(r, formatMs(r?.minMs ?? null))}${td(r, formatMs(r?.firstMs ?? null))}${td(r, formatRate(r?.gflops ?? null))}${td(r, formatRate(r?.imagesPerSec ?? null, 1))}${td(r, `${formatBytes(r?.peakBytes ?? null)} / ${formatBytes(r?.peakRssBytes ?? null)}`)}${peerCells.join('')}</tr>`;
    });
    const bars: RatioBar[] = b.rows.map((row) => {
      const r = resultOf(row, s.id);
      return {
        label: row.name,
        values: peers.map((p) => {
          const q = resultOf(row, p.id);
          return { peer: p.label, ratio: speedRatio(r?.medianMs ?? null, q?.medianMs ?? null), note: q?.status !== 'ok' ? q?.status : r?.status };
        }),
      };
    });
    return `<h3>${esc(s.label)} on ${esc(backendLabel(backends.find((x) => x.name === s.backend), s.backend))} against ${esc(peers.map((p) => p.label).join(', ') || 'no peers')}</h3>
<table class="grid">${head}${rows.join('')}</table>
<h3>Speed ratio per op (Stride's speed over the peer's; right of 1×, Stride is faster)</h3>
<figure>${ratioChart(bars, peers.map((p) => p.label))}</figure>`;
  });
  const augment = augmentationNote(b);
  const ceiling = b.ceiling ? ceilingText(b.ceiling, b).split('\n') : [];
  const notes = [...missingNotes(b), ...(augment ? [augment] : []), ...ceiling].map((n) => `<li>${esc(n.trim())}</li>`);
  return `<h2>Benchmarks</h2>
<p>Every run ends in a read of its result. Median and min are over the timed runs; the first run (compilation, first allocation)
is reported apart. Conv backward rows time the backward kernel alone; pool and norm “forward + backward” rows time both.
GFLOP/s counts multiply-adds of convolutions, matmuls and linear layers. Peak memory: the library's live tensor bytes at its
high-water mark, and the process's resident set.</p>
${tables.join('\n')}${notes.length ? `<ul class="notes">${notes.join('')}</ul>` : ''}`;
}

function trainingSection(t: TrainingReport): string {
  const img = filterPngDataUri(t.filters.shape, t.filters.data);
  return `<h2>LeNet-5 on MNIST</h2>
<p class="${t.subset ? 'subset' : ''}"><strong>${esc(t.note)}</strong> Test accuracy ${(t.testAccuracy * 100).toFixed(1)}% on the first
${t.testImages} test images; ${(t.durationMs / 1000).toFixed(0)} s on Stride cpu.</p>
<h3>Training loss per step (batch ${t.batch})</h3>
<figure>${lineChart(t.losses, { xLabel: 'step', yLabel: 'cross-entropy loss' })}</figure>
<h3>What the first layer learned: the ${t.filters.shape[0]} conv1 filters (5×5, each scaled to its own range)</h3>
<figure><img id="filters" alt="conv1 filters" src="${img.uri}" width="${img.width * 2}" height="${img.height * 2}"></figure>`;
}

/** A table cell for a result: its value, or its status with the reason on hover. */
function td(r: EngineResult | undefined, value: string, also?: EngineResult): string {
  const missing = [r, also].find((x) => x && x.status !== 'ok');
  if (!r) return '<td>—</td>';
  if (missing) return `<td class="${missing.status}" title="${esc(missing.reason ?? '')}">${missing.status}</td>`;
  return `<td class="num">${esc(value)}</td>`;
}

const CSS = `body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1400px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}h3{font-size:14px}
table{border-collapse:collapse;font-size:12px;margin:8px 0}th,td{border:1px solid #ddd;padding:3px 6px;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}.meta th{background:#f5f5f5;width:90px}
td.pass,th.pass{background:#e6f4ea}td.skip{color:#999}td.fail,th.fail{background:#fde8e8}td.unsupported,td.unavailable{color:#999;font-style:italic}
td.failed{background:#fde8e8}.ratio{color:#666}.subset strong{color:#9c4221}figure{margin:8px 0}
img#filters{image-rendering:pixelated;border:1px solid #ccc}.notes{font-size:12px;color:#555}
.verdict{font-size:15px;padding-left:18px}.verdict li{margin:4px 0}.verdict .bad{color:#b00020;font-weight:bold}`;
