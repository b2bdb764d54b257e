import type { Backend, ConvGeometry, Dense, OptionalKernels } from '../backend.js';
import { broadcastView, denseView, permuteView } from '../views.js';

/** Per-group sizes: the GEMM view of a grouped convolution. */
function gemmSizes(g: ConvGeometry) {
  const taps = g.kernel[0] * g.kernel[1] * g.kernel[2];
  return {
    cgK: (g.inChannels / g.groups) * taps,
    og: g.outChannels / g.groups,
    l: g.outSize[0] * g.outSize[1] * g.outSize[2],
  };
}

/** Convolution as im2col + batched matmul, one GEMM per (sample, group). */
export function convDefaults(b: Backend): Pick<OptionalKernels, 'conv' | 'convBackwardInput' | 'convBackwardWeight'> {
  return {
    conv(x: Dense, w: Dense, g: ConvGeometry) {
      const { cgK, og, l } = gemmSizes(g);
      const cols = b.im2col(x, g);
      const colsView = denseView(cols, [g.batch, g.groups, cgK, l], x.dtype);
      const wView = broadcastView(denseView(w.id, [1, g.groups, og, cgK], w.dtype), [g.batch, g.groups, og, cgK]);
      const out = b.matmul(wView, colsView);
      b.disposeData(cols);
      return out;
    },
    convBackwardInput(dy: Dense, w: Dense, g: ConvGeometry) {
      const { cgK, og, l } = gemmSizes(g);
      const wT = permuteView(denseView(w.id, [1, g.groups, og, cgK], w.dtype), [0, 1, 3, 2]);
      const dcols = b.matmul(
        broadcastView(wT, [g.batch, g.groups, cgK, og]),
        denseView(dy.id, [g.batch, g.groups, og, l], dy.dtype),
      );
      const dx = b.col2im({ id: dcols, shape: [g.batch, g.groups * cgK, l], dtype: dy.dtype }, g);
      b.disposeData(dcols);
      return dx;
    },
    convBackwardWeight(x: Dense, dy: Dense, g: ConvGeometry) {
      const { cgK, og, l } = gemmSizes(g);
      const cols = b.im2col(x, g);
      const colsT = permuteView(denseView(cols, [g.batch, g.groups, cgK, l], x.dtype), [0, 1, 3, 2]);
      const perSample = b.matmul(denseView(dy.id, [g.batch, g.groups, og, l], dy.dtype), colsT);
      b.disposeData(cols);
      const dw = b.reduce('sum', denseView(perSample, [g.batch, g.groups * og * cgK], dy.dtype), [0]);
      b.disposeData(perSample);
      return dw;
    },
  };
}
