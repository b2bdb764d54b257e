import { convGemm, type ConvGeometry, type OptionalKernels } from '@stride/core-tensor/backend';
import type { Matrix } from './gemm.js';
import { referenceEngine, type EngineChoice, type GemmEngine } from './gemm-engine.js';
import { storeAs, valuesOf } from '../storage.js';
import { col2imSample, im2colSample } from './im2col.js';

/**
 * Convolution as one GEMM per (sample, group) on im2col columns held in a scratch buffer, so
 * no [N, C·k, L] column tensor is ever materialised. Per group, with cg = C/groups input
 * channels and og = O/groups outputs: w is [og, cg·k], columns [cg·k, L], y [og, L].
 */
export function convKernels(
  engineFor: EngineChoice = () => referenceEngine,
): Pick<OptionalKernels, 'conv' | 'convBackwardInput' | 'convBackwardWeight'> {
  return {
    conv(x, w, g) {
      const { engine, s, cols } = pass(engineFor(x.dtype), g);
      const xs = valuesOf(x.id);
      const ws = valuesOf(w.id);
      const y = engine.alloc(g.batch * g.outChannels * s.positions);
      forEachSampleGroup(g, (n, gi) => {
        im2colSample(g, s.cg, xs, s.inputAt(n, gi), cols, 0);
        // y_g = w_g · cols
        engine.gemm(s.og, s.positions, s.rows, rowMajor(ws, s.weightAt(gi), s.rows), rowMajor(cols, 0, s.positions), y, s.outputAt(n, gi));
      });
      return storeAs(y, x.dtype);
    },
    convBackwardInput(dy, w, g) {
      const { engine, s, cols: dcols } = pass(engineFor(dy.dtype), g);
      const dys = valuesOf(dy.id);
      const ws = valuesOf(w.id);
      const dx = engine.alloc(g.batch * g.inChannels * s.channelSize);
      forEachSampleGroup(g, (n, gi) => {
        // dcols = w_gᵀ · dy_g, then scattered back onto the input it was read from.
        dcols.fill(0);
        const wT = transposed(rowMajor(ws, s.weightAt(gi), s.rows));
        engine.gemm(s.rows, s.positions, s.og, wT, rowMajor(dys, s.outputAt(n, gi), s.positions), dcols, 0);
        col2imSample(g, s.cg, dcols, 0, dx, s.inputAt(n, gi));
      });
      return storeAs(dx, dy.dtype);
    },
    convBackwardWeight(x, dy, g) {
      const { engine, s, cols } = pass(engineFor(x.dtype), g);
      const xs = valuesOf(x.id);
      const dys = valuesOf(dy.id);
      // Accumulated transposed, dw_gᵀ += cols · dy_gᵀ, so the large operand (the columns) is
      // read along its rows when packed; only the small dy is read across its stride.
      const dwT = engine.alloc(g.outChannels * s.rows);
      forEachSampleGroup(g, (n, gi) => {
        im2colSample(g, s.cg, xs, s.inputAt(n, gi), cols, 0);
        const dyT = transposed(rowMajor(dys, s.outputAt(n, gi), s.positions));
        engine.gemm(s.rows, s.og, s.positions, rowMajor(cols, 0, s.positions), dyT, dwT, s.weightAt(gi));
      });
      const dw = engine.alloc(g.outChannels * s.rows);
      for (let gi = 0; gi < g.groups; gi++) {
        const at = s.weightAt(gi);
        for (let r = 0; r < s.rows; r++) for (let o = 0; o < s.og; o++) dw[at + o * s.rows + r] = dwT[at + r * s.og + o]!;
      }
      return storeAs(dw, dy.dtype);
    },
  };
}

/** What each pass starts from: its engine, the per-group layout and one group's scratch columns. */
function pass(engine: GemmEngine, g: ConvGeometry) {
  const s = groupLayout(g);
  return { engine, s, cols: engine.alloc(s.colsSize) };
}

/** Per-group GEMM sizes and where a (sample, group) block starts in x (or dx), y (or dy) and w. */
export function groupLayout(g: ConvGeometry) {
  const { cg, og, rows, positions, inPositions: channelSize } = convGemm(g);
  return {
    cg,
    og,
    rows,
    positions,
    channelSize,
    colsSize: rows * positions,
    inputAt: (n: number, gi: number) => (n * g.inChannels + gi * cg) * channelSize,
    outputAt: (n: number, gi: number) => (n * g.outChannels + gi * og) * positions,
    weightAt: (gi: number) => gi * og * rows,
  };
}

function forEachSampleGroup(g: ConvGeometry, body: (n: number, group: number) => void): void {
  for (let n = 0; n < g.batch; n++) {
    for (let gi = 0; gi < g.groups; gi++) body(n, gi);
  }
}

function rowMajor(values: ArrayLike<number>, offset: number, cols: number): Matrix {
  return { values, offset, rowStride: cols, colStride: 1 };
}

function transposed(m: Matrix): Matrix {
  return { ...m, rowStride: m.colStride, colStride: m.rowStride };
}
