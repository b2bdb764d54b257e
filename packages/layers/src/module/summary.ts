import { getBackend, noGrad, tidy, zeros, type Tensor } from '@stride/core-tensor';
import type { Module } from './module.js';
import { isTensor } from './parameter.js';

export interface SummaryRow {
  /** Dotted path of the module in the model ('' for the model itself), and its class. */
  name: string;
  type: string;
  /** Output shape without the batch dimension. */
  outputShape: number[];
  /** Shape of the module's own `weight`, or null when it has none. */
  weightShape: number[] | null;
  /** Own parameters (counted on a module's first call only, so shared modules count once). */
  params: number;
  macs: number;
}

export interface SummaryTable {
  rows: SummaryRow[];
  totalParams: number;
  totalMacs: number;
}

/** The summary table as text; see `summaryTable` for what it holds. */
export function summary(model: Module, inputShape: readonly number[]): string {
  return formatSummary(summaryTable(model, inputShape));
}

/**
 * Runs `model.forward` on zeros of [1, ...inputShape] under noGrad and records one row per call
 * of a leaf module (or of a module with parameters of its own), in call order. The calls are
 * observed by shadowing each such module's `forward` for the duration of the run; every tensor
 * made is disposed. The parameter total counts each parameter of the model once.
 */
export function summaryTable(model: Module, inputShape: readonly number[]): SummaryTable {
  const rows: SummaryRow[] = [];
  const counted = new Set<Module>();
  const restorers = model
    .namedModules()
    .filter(([, m]) => m.children().length === 0 || m.parameters({ recurse: false }).length > 0)
    .map(([name, m]) =>
      intercept(m, (call) => {
        const own = m.namedParameters({ recurse: false });
        const row: SummaryRow = {
          name,
          type: m.constructor.name,
          outputShape: [],
          weightShape: own.find(([key]) => key === 'weight')?.[1].shape.slice() ?? null,
          params: counted.has(m) ? 0 : own.reduce((n, [, p]) => n + p.numel(), 0),
          macs: 0,
        };
        counted.add(m);
        rows.push(row);
        const { input, output } = call();
        if (isTensor(output)) {
          row.outputShape = output.shape.slice(1);
          if (input) row.macs = m.macs(input.shape, output.shape);
        }
      }),
    );
  const backend = model.parameters()[0]?.backend ?? model.buffers()[0]?.[1].backend ?? getBackend();
  try {
    noGrad(() => tidy(() => void model.forward(zeros([1, ...inputShape], { backend }))));
  } finally {
    for (const restore of restorers) restore();
  }
  return {
    rows,
    totalParams: model.parameters().reduce((n, p) => n + p.numel(), 0),
    totalMacs: rows.reduce((n, r) => n + r.macs, 0),
  };
}

type Call = () => { input: Tensor | undefined; output: unknown };

/** Shadows `m.forward` with a wrapper that hands each call to `observe`; returns the undo. */
function intercept(m: Module, observe: (call: Call) => void): () => void {
  const original = m.forward;
  const ownBefore = Object.getOwnPropertyDescriptor(m, 'forward');
  const wrapper = (...args: [Tensor, ...unknown[]]): unknown => {
    let output: unknown;
    observe(() => {
      output = original.apply(m, args);
      return { input: isTensor(args[0]) ? args[0] : undefined, output };
    });
    return output;
  };
  // Not enumerable, so module discovery (which walks own enumerable properties) ignores it.
  Object.defineProperty(m, 'forward', { value: wrapper, configurable: true, writable: true, enumerable: false });
  return () => {
    if (ownBefore) Object.defineProperty(m, 'forward', ownBefore);
    else Reflect.deleteProperty(m, 'forward');
  };
}

const HEADERS = ['Layer', 'Output size', 'Weight size', 'Params', 'MACs'] as const;

/** The course's layout: one row per layer, sizes as C×H×W, counts with thousands separators. */
export function formatSummary(table: SummaryTable): string {
  const cells = table.rows.map((r) => [
    r.name ? `${r.name} (${r.type})` : r.type,
    dims(r.outputShape),
    r.weightShape ? dims(r.weightShape) : '-',
    count(r.params),
    count(r.macs),
  ]);
  const total = ['Total', '', '', count(table.totalParams), count(table.totalMacs)];
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...[...cells, total].map((c) => c[i]!.length)));
  const line = (c: readonly string[]) =>
    c
      .map((s, i) => (i >= 3 ? s.padStart(widths[i]!) : s.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = '-'.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  return [line(HEADERS), rule, ...cells.map(line), rule, line(total)].join('\n');
}

const dims = (shape: readonly number[]): string => (shape.length ? shape.join('×') : '1');
const count = (n: number): string => n.toLocaleString('en-US');
