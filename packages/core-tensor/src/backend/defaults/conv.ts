import type { Backend, ConvGeometry, Dense, OptionalKernels } from '../backend.js';
import { convGemm } from '../conv-gemm.js';
import { broadcastView, denseView, permuteView } from '../views.js';

/** Convolution as im2col + batched matmul, one GEMM per (sample, group). */
export function conv(b: Backend, x: Dense, w: Dense, g: ConvGeometry): ReturnType<OptionalKernels['conv']> {
  const { rows: cgK, og, positions: l } = convGemm(g);
  const cols = b.im2col(x, g);
  const colsView = denseView(cols, [g.batch, g.groups, cgK, l], x.dtype);
  const wView = broadcastView(denseView(w.id, [1, g.groups, og, cgK], w.dtype), [g.batch, g.groups, og, cgK]);
  const out = b.matmul(wView, colsView);
  b.disposeData(cols);
  return out;
}

export function convBackwardInput(b: Backend, dy: Dense, w: Dense, g: ConvGeometry): ReturnType<OptionalKernels['convBackwardInput']> {
  const { rows: cgK, og, positions: l } = convGemm(g);
  const wT = permuteView(denseView(w.id, [1, g.groups, og, cgK], w.dtype), [0, 1, 3, 2]);
  const dcols = b.matmul(broadcastView(wT, [g.batch, g.groups, cgK, og]), denseView(dy.id, [g.batch, g.groups, og, l], dy.dtype));
  const dx = b.col2im({ id: dcols, shape: [g.batch, g.groups * cgK, l], dtype: dy.dtype }, g);
  b.disposeData(dcols);
  return dx;
}

export function convBackwardWeight(b: Backend, x: Dense, dy: Dense, g: ConvGeometry): ReturnType<OptionalKernels['convBackwardWeight']> {
  const { rows: cgK, og, positions: l } = convGemm(g);
  const cols = b.im2col(x, g);
  const colsT = permuteView(denseView(cols, [g.batch, g.groups, cgK, l], x.dtype), [0, 1, 3, 2]);
  const perSample = b.matmul(denseView(dy.id, [g.batch, g.groups, og, l], dy.dtype), colsT);
  b.disposeData(cols);
  const dw = b.reduce('sum', denseView(perSample, [g.batch, g.groups * og * cgK], dy.dtype), [0]);
  b.disposeData(perSample);
  return dw;
}
