import { getBackend, noGrad, tidy, zeros } from '@stride/core-tensor';
import type { Module } from './module.js';
import type { RemovableHandle } from './hooks.js';
import { isTensor } from './parameter.js';
import { ReceptiveFieldTracker } from './receptive-field.js';

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
  /**
   * Receptive field and jump (effective stride) in input pixels after this layer, as the course
   * computes them (see README): the largest over the spatial dims, 1 for an input without any.
   */
  receptiveField: number;
  jump: number;
  /** The same per spatial dim of the input (H, W for images); they differ for non-square windows. */
  receptiveFieldPerDim: number[];
  jumpPerDim: number[];
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
 * observed with a forward pre-hook and hook on each such module, removed afterwards; every
 * tensor made is disposed. The parameter total counts each parameter of the model once.
 */
export function summaryTable(model: Module, inputShape: readonly number[]): SummaryTable {
  const rows: SummaryRow[] = [];
  const counted = new Set<Module>();
  const backend = model.parameters()[0]?.backend ?? model.buffers()[0]?.[1].backend ?? getBackend();
  const handles: RemovableHandle[] = [];
  try {
    noGrad(() =>
      tidy(() => {
        const input = zeros([1, ...inputShape], { backend });
        const field = new ReceptiveFieldTracker(input);
        for (const [name, m] of model.namedModules()) {
          if (m.children().length > 0 && m.parameters({ recurse: false }).length === 0) continue;
          const open: { row: SummaryRow; mark: number }[] = [];
          handles.push(m.registerForwardPreHook(() => void open.push({ row: startRow(name, m, counted, rows), mark: field.mark() })));
          handles.push(
            m.registerForwardHook((_, [x], output) => {
              const { row, mark } = open.pop()!;
              const inputTensor = isTensor(x) ? x : undefined;
              const state = field.step(inputTensor, output, inputTensor ? m.receptiveWindow(inputTensor.shape) : null, mark);
              Object.assign(row, fieldColumns(state.r, state.j));
              if (isTensor(output)) {
                row.outputShape = output.shape.slice(1);
                if (inputTensor) row.macs = m.macs(inputTensor.shape, output.shape);
              }
            }),
          );
        }
        model.forward(input);
      }),
    );
  } finally {
    for (const handle of handles) handle.remove();
  }
  return {
    rows,
    totalParams: model.parameters().reduce((n, p) => n + p.numel(), 0),
    totalMacs: rows.reduce((n, r) => n + r.macs, 0),
  };
}

/** The row of a call, pushed when the call starts so rows keep call order (an outer module first). */
function startRow(name: string, m: Module, counted: Set<Module>, rows: SummaryRow[]): SummaryRow {
  const own = m.namedParameters({ recurse: false });
  const row: SummaryRow = {
    name,
    type: m.constructor.name,
    outputShape: [],
    weightShape: own.find(([key]) => key === 'weight')?.[1].shape.slice() ?? null,
    params: counted.has(m) ? 0 : own.reduce((n, [, p]) => n + p.numel(), 0),
    macs: 0,
    ...fieldColumns([], []),
  };
  counted.add(m);
  rows.push(row);
  return row;
}

/** The row's numbers: the largest over the spatial dims (jumps below 1 after upsampling included), 1 without any. */
function fieldColumns(r: number[], j: number[]) {
  const largest = (v: number[]) => (v.length ? Math.max(...v) : 1);
  return { receptiveField: largest(r), jump: largest(j), receptiveFieldPerDim: r, jumpPerDim: j };
}

const HEADERS = ['Layer', 'Output size', 'Weight size', 'Params', 'MACs', 'Receptive field', 'Jump'] as const;

/** The course's layout: one row per layer, sizes as C×H×W, counts with thousands separators. */
export function formatSummary(table: SummaryTable): string {
  const cells = table.rows.map((r) => [
    r.name ? `${r.name} (${r.type})` : r.type,
    dims(r.outputShape),
    r.weightShape ? dims(r.weightShape) : '-',
    count(r.params),
    count(r.macs),
    perDim(r.receptiveFieldPerDim, r.receptiveField),
    perDim(r.jumpPerDim, r.jump),
  ]);
  const total = ['Total', '', '', count(table.totalParams), count(table.totalMacs), '', ''];
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
/** One number when every spatial dim agrees (square windows), else H×W; fractions to 4 digits. */
const perDim = (values: readonly number[], largest: number): string => {
  const shown = values.length && values.some((v) => v !== values[0]) ? values : [largest];
  return shown.map((v) => (Number.isInteger(v) ? count(v) : String(Number(v.toPrecision(4))))).join('×');
};
