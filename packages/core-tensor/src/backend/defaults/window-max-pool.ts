import type { Backend, DataId, Dense, View, WindowPoolGeometry } from '../backend.js';
import type { DefaultKernel } from './default-kernel.js';
import { adaptiveWindow, fractionalAlpha, widestAdaptiveWindow } from '../pool-windows.js';
import { broadcastView, denseView, permuteView } from '../views.js';
import { iota, matchMask, scatterAddInPlanes, selectOrZero, withIota } from './plane-index.js';

/**
 * Adaptive and fractional max pooling from required kernels. Both place windows by tables of
 * rows and columns (per plane for fractional pooling, whose windows come from per-plane samples),
 * so both pick their windows' values with the same masked selection, then take the max and the
 * first position holding it (PyTorch's tie rule). An adaptive window narrower than the widest
 * repeats its last row or column, which changes neither the max nor the first position of it.
 */
export const adaptiveMaxPool2d: DefaultKernel<'adaptiveMaxPool2d'> = (b, x, g) => {
  const [kh, kw] = [widestAdaptiveWindow(g.inSize[0], g.outSize[0]), widestAdaptiveWindow(g.inSize[1], g.outSize[1])];
  const rows = b.write(adaptiveTaps(g.inSize[0], g.outSize[0], kh));
  const cols = b.write(adaptiveTaps(g.inSize[1], g.outSize[1], kw));
  const result = windowMax(b, x, { id: rows, planes: 1 }, { id: cols, planes: 1 }, g, [kh, kw]);
  b.disposeData(rows);
  b.disposeData(cols);
  return result;
};

export const adaptiveMaxPool2dBackward: DefaultKernel<'adaptiveMaxPool2dBackward'> = (b, dy, argmax, g) =>
  windowMaxBackward(b, dy, argmax, g);

export const fractionalMaxPool2d: DefaultKernel<'fractionalMaxPool2d'> = (b, x, samples, g) => {
  const planes = g.batch * g.channels;
  // samples[p, 0] places the columns, samples[p, 1] the rows, as PyTorch's kernel reads them.
  const rows = fractionalTaps(b, samples, 1, g.inSize[0], g.outSize[0], g.kernel[0], planes);
  const cols = fractionalTaps(b, samples, 0, g.inSize[1], g.outSize[1], g.kernel[1], planes);
  const result = windowMax(b, x, { id: rows, planes }, { id: cols, planes }, g, g.kernel);
  b.disposeData(rows);
  b.disposeData(cols);
  return result;
};

export const fractionalMaxPool2dBackward: DefaultKernel<'fractionalMaxPool2dBackward'> = (b, dy, argmax, _samples, g) =>
  windowMaxBackward(b, dy, argmax, g);

/** Each adaptive window's rows as `k` taps, the narrower ones repeating their last row. */
function adaptiveTaps(size: number, out: number, k: number): Int32Array {
  const taps = new Int32Array(out * k);
  for (let i = 0; i < out; i++) {
    const [start, end] = adaptiveWindow(i, size, out);
    for (let a = 0; a < k; a++) taps[i * k + a] = Math.min(start + a, end - 1);
  }
  return taps;
}

/**
 * int32 [planes, out·k]: each plane's window starts along one axis (PyTorch's `generate_intervals`,
 * computed with the tensor ops' roundings in the samples' dtype), plus 0…k−1.
 */
function fractionalTaps(b: Backend, samples: Dense, column: number, size: number, out: number, k: number, planes: number): DataId {
  const dtype = samples.dtype;
  const u: View = { id: samples.id, dtype, shape: [planes, 1], strides: [2, 0], offset: column };
  const starts = b.fill(planes * out, size - k, 'int32');
  if (out > 1) {
    const shape = [planes, out - 1];
    const alpha = b.fill(1, fractionalAlpha(size, out, k, dtype), dtype);
    const alphaView = broadcastView(denseView(alpha, [], dtype), shape);
    const steps = iota(b, out - 1, dtype);
    const shifted = b.binary('add', broadcastView(denseView(steps, [1, out - 1], dtype), shape), broadcastView(u, shape), dtype);
    const scaled = b.binary('mul', denseView(shifted, shape, dtype), alphaView, dtype);
    const offset = b.binary('mul', broadcastView(u, shape), alphaView, dtype);
    const [whole, base] = [b.cast(denseView(scaled, shape, dtype), 'int32'), b.cast(denseView(offset, shape, dtype), 'int32')];
    const first = b.binary('sub', denseView(whole, shape, 'int32'), denseView(base, shape, 'int32'), 'int32');
    const last = b.copy({ id: starts, dtype: 'int32', shape: [planes, 1], strides: [out, 1], offset: out - 1 });
    const joined = b.concat(
      [
        { id: first, shape, dtype: 'int32' },
        { id: last, shape: [planes, 1], dtype: 'int32' },
      ],
      1,
    );
    for (const id of [alpha, steps, shifted, scaled, offset, whole, base, first, last, starts]) b.disposeData(id);
    return addTaps(b, joined, planes, out, k);
  }
  return addTaps(b, starts, planes, out, k);
}

/** starts [planes, out] → starts + 0…k−1 as [planes, out·k]; frees `starts`. */
function addTaps(b: Backend, starts: DataId, planes: number, out: number, k: number): DataId {
  const rows = withIota(b, 'add', starts, planes, planes, out, k);
  b.disposeData(starts);
  return rows;
}

interface TapTable {
  /** int32 [planes, out·k] positions along one axis. */
  readonly id: DataId;
  /** 1 when every plane shares the table. */
  readonly planes: number;
}

function windowMax(b: Backend, x: Dense, rows: TapTable, cols: TapTable, g: WindowPoolGeometry, kernel: readonly [number, number]) {
  const planes = g.batch * g.channels;
  const [h, w] = g.inSize;
  const [oh, ow] = g.outSize;
  const [kh, kw] = kernel;
  const [r, c, taps] = [oh * kh, ow * kw, kh * kw];
  const picked = pickWindows(b, x, rows, cols, planes, [h, w], [r, c]);
  // [P, oh, kh, ow, kw] → [P, oh, ow, kh·kw]: each output's window in scan order.
  const windows = b.copy(permuteView(denseView(picked, [planes, oh, kh, ow, kw], x.dtype), [0, 1, 3, 2, 4]));
  b.disposeData(picked);
  const windowShape = [planes, oh, ow, taps];
  const out = b.reduce('max', denseView(windows, windowShape, x.dtype), [3]);
  const tap = b.argReduce('argmax', denseView(windows, windowShape, x.dtype), 3);
  b.disposeData(windows);
  const argmax = positionOfTap(b, tap, rows, cols, planes, g, kernel);
  b.disposeData(tap);
  return { out, argmax };
}

/** [P, H, W] → [P, rows, cols]: the rows named by `rows`, then their columns named by `cols`. */
function pickWindows(b: Backend, x: Dense, rows: TapTable, cols: TapTable, planes: number, [h, w]: readonly number[], [r, c]: number[]) {
  const rowMask = matchMask(b, rows.id, rows.planes, planes, r!, h!);
  const rowShape = [planes, r!, h!, w!];
  const rowPick = selectOrZero(
    b,
    broadcastView(denseView(rowMask, [planes, r!, h!, 1], 'int32'), rowShape),
    broadcastView(denseView(x.id, [planes, 1, h!, w!], x.dtype), rowShape),
    rowShape,
    x.dtype,
  );
  b.disposeData(rowMask);
  const byRow = b.reduce('sum', denseView(rowPick, rowShape, x.dtype), [2]);
  b.disposeData(rowPick);
  const colMask = matchMask(b, cols.id, cols.planes, planes, c!, w!);
  const colShape = [planes, r!, c!, w!];
  const colPick = selectOrZero(
    b,
    broadcastView(denseView(colMask, [planes, 1, c!, w!], 'int32'), colShape),
    broadcastView(denseView(byRow, [planes, r!, 1, w!], x.dtype), colShape),
    colShape,
    x.dtype,
  );
  b.disposeData(colMask);
  b.disposeData(byRow);
  const picked = b.reduce('sum', denseView(colPick, colShape, x.dtype), [3]);
  b.disposeData(colPick);
  return picked;
}

/** The flat in-plane index row·W + col of each output's chosen tap. */
function positionOfTap(
  b: Backend,
  tap: DataId,
  rows: TapTable,
  cols: TapTable,
  planes: number,
  g: WindowPoolGeometry,
  [kh, kw]: readonly [number, number],
): DataId {
  const [oh, ow] = g.outSize;
  const full = [planes, oh, kh, ow, kw];
  const width = b.fill(1, g.inSize[1], 'int32');
  const rowStarts = b.binary(
    'mul',
    broadcastView(denseView(rows.id, [rows.planes, oh, kh, 1, 1], 'int32'), full),
    broadcastView(denseView(width, [], 'int32'), full),
    'int32',
  );
  const flat = b.binary(
    'add',
    denseView(rowStarts, full, 'int32'),
    broadcastView(denseView(cols.id, [cols.planes, 1, 1, ow, kw], 'int32'), full),
    'int32',
  );
  const positions = b.copy(permuteView(denseView(flat, full, 'int32'), [0, 1, 3, 2, 4]));
  for (const id of [width, rowStarts, flat]) b.disposeData(id);
  const taps = kh * kw;
  const shape = [planes, oh, ow, taps];
  const chosen = matchMask(b, tap, planes, planes, oh * ow, taps);
  const picked = selectOrZero(b, chosen, denseView(positions, shape, 'int32'), shape, 'int32');
  for (const id of [chosen, positions]) b.disposeData(id);
  const argmax = b.reduce('sum', denseView(picked, shape, 'int32'), [3]);
  b.disposeData(picked);
  return argmax;
}

function windowMaxBackward(b: Backend, dy: Dense, argmax: Dense, g: WindowPoolGeometry): DataId {
  const planes = g.batch * g.channels;
  const count = g.outSize[0] * g.outSize[1];
  return scatterAddInPlanes(b, dy.id, argmax.id, planes, count, g.inSize[0] * g.inSize[1], dy.dtype);
}
