import { formatTable } from '../report/format.js';
import { CATEGORIES } from './categories.js';
import type { LibraryProfile, ProfileReport } from './types.js';

/** Entries under this share of the step are summed into one line, so the table stays readable. */
const SMALL_PERCENT = 0.5;

/** One library's table: kernel, calls per step, ms per step, % of step; the rest of the step last. */
export function profileTable(p: LibraryProfile): string {
  const big = p.entries.filter((e) => e.percent >= SMALL_PERCENT);
  const small = p.entries.filter((e) => e.percent < SMALL_PERCENT);
  const outside = p.stepMs - p.kernelMsPerStep;
  const rows = big.map((e) => [e.name, e.category, calls(e.callsPerStep), ms(e.msPerStep), pct(e.percent)]);
  if (small.length > 0) {
    const smallMs = small.reduce((a, e) => a + e.msPerStep, 0);
    rows.push([
      `(${small.length} more under ${SMALL_PERCENT}% each)`,
      '',
      calls(small.reduce((a, e) => a + e.callsPerStep, 0)),
      ms(smallMs),
      pct((100 * smallMs) / p.stepMs),
    ]);
  }
  rows.push([
    p.library === 'stride' ? '(outside kernels: autograd, JavaScript)' : '(outside ops: Python, autograd engine, profiler)',
    '',
    '',
    ms(outside),
    pct((100 * outside) / p.stepMs),
  ]);
  const plain = p.stepMsUnprofiled === null ? '' : ` (${ms(p.stepMsUnprofiled)} ms without the timers)`;
  const work = p.gpuWork ? `; ${calls(p.gpuWork.dispatchesPerStep)} dispatches and ${calls(p.gpuWork.submitsPerStep)} submits a step` : '';
  const header = `${p.label}: ${ms(p.stepMs)} ms a step${plain}${work}`;
  return [header, formatTable(['kernel', 'category', 'calls/step', 'ms/step', '% of step'], rows), ...p.notes.map((n) => `  ${n}`)].join(
    '\n',
  );
}

/** The side-by-side view: per category, each library's milliseconds per step and Stride's time over PyTorch's. */
export function categoryTable(r: ProfileReport): string {
  const rows = r.categories
    .filter((c) => c.strideMs > 0 || (c.pytorchMs ?? 0) > 0)
    .map((c) => [
      c.category,
      ms(c.strideMs),
      c.pytorchMs === null ? '—' : ms(c.pytorchMs),
      c.pytorchMs ? `${(c.strideMs / c.pytorchMs).toFixed(2)}×` : '—',
    ]);
  const outsideStride = r.stride.stepMs - r.stride.kernelMsPerStep;
  const outsideTorch = r.pytorch ? r.pytorch.stepMs - r.pytorch.kernelMsPerStep : null;
  rows.push(['outside kernels / ops', ms(outsideStride), outsideTorch === null ? '—' : ms(outsideTorch), '']);
  rows.push([
    'step',
    ms(r.stride.stepMs),
    r.pytorch ? ms(r.pytorch.stepMs) : '—',
    r.pytorch ? `${(r.stride.stepMs / r.pytorch.stepMs).toFixed(2)}×` : '—',
  ]);
  return formatTable(['category', 'Stride ms/step', 'PyTorch ms/step', 'Stride time ÷ PyTorch'], rows);
}

/** Per category, the sum of each side's entries. */
export function categoriesOf(stride: LibraryProfile, pytorch: LibraryProfile | null): ProfileReport['categories'] {
  const sum = (p: LibraryProfile, category: string) =>
    p.entries.filter((e) => e.category === category).reduce((a, e) => a + e.msPerStep, 0);
  return CATEGORIES.map((category) => ({ category, strideMs: sum(stride, category), pytorchMs: pytorch ? sum(pytorch, category) : null }));
}

const ms = (x: number) => x.toFixed(x >= 100 ? 0 : 2);
const pct = (x: number) => `${x.toFixed(1)}%`;
const calls = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
