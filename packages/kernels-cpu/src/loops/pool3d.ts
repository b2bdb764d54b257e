import { avgPool3dDivisor, type OptionalKernels, type Pool3dGeometry } from '@stride/core-tensor/backend';
import { store, uninitialized, valuesOf, zeroed } from '../storage.js';

/**
 * 3-D max and average pooling, PyTorch's CPU loops: each window's in-range positions in scan
 * order (d, h, w); max keeps the first maximum, a NaN replaces it (the last NaN wins).
 */
export function pool3dKernels(): Pick<OptionalKernels, 'maxPool3d' | 'maxPool3dBackward' | 'avgPool3d' | 'avgPool3dBackward'> {
  return {
    maxPool3d(x, g) {
      const src = valuesOf(x.id);
      const volume = volumeOf(g);
      const out = uninitialized(x.dtype, g.batch * g.channels * positionsOf(g));
      const argmax = new Int32Array(out.length);
      forEachWindow(g, (p, o, taps) => {
        const at = p * volume;
        let best = -Infinity;
        let index = taps[0] ?? -1;
        for (const t of taps) {
          const v = src[at + t]!;
          if (v > best || Number.isNaN(v)) {
            best = v;
            index = t;
          }
        }
        out[o] = best;
        argmax[o] = index;
      });
      return { out: store(out), argmax: store(argmax) };
    },
    maxPool3dBackward(dy, argmax, g) {
      const grads = valuesOf(dy.id);
      const index = valuesOf(argmax.id);
      const volume = volumeOf(g);
      const count = positionsOf(g);
      const dx = zeroed(dy.dtype, g.batch * g.channels * volume);
      for (let o = 0; o < grads.length; o++) {
        const i = index[o]!;
        if (i < 0) continue;
        const at = Math.floor(o / count) * volume + i;
        dx[at] = dx[at]! + grads[o]!;
      }
      return store(dx);
    },
    avgPool3d(x, g, opts) {
      const src = valuesOf(x.id);
      const volume = volumeOf(g);
      const out = uninitialized(x.dtype, g.batch * g.channels * positionsOf(g));
      forEachWindow(g, (p, o, taps, at) => {
        let sum = 0;
        for (const t of taps) sum += src[p * volume + t]!;
        out[o] = sum / avgPool3dDivisor(g, opts, at);
      });
      return store(out);
    },
    avgPool3dBackward(dy, g, opts) {
      const grads = valuesOf(dy.id);
      const volume = volumeOf(g);
      const dx = zeroed(dy.dtype, g.batch * g.channels * volume);
      forEachWindow(g, (p, o, taps, at) => {
        const share = grads[o]! / avgPool3dDivisor(g, opts, at);
        for (const t of taps) dx[p * volume + t] = dx[p * volume + t]! + share;
      });
      return store(dx);
    },
  };
}

const volumeOf = (g: Pool3dGeometry) => g.inSize[0] * g.inSize[1] * g.inSize[2];
const positionsOf = (g: Pool3dGeometry) => g.outSize[0] * g.outSize[1] * g.outSize[2];

/** Calls `visit` for every output with its plane, its flat index, its window's in-range taps (in-volume indices) and its position. */
function forEachWindow(
  g: Pool3dGeometry,
  visit: (plane: number, o: number, taps: readonly number[], at: readonly [number, number, number]) => void,
): void {
  const windows = volumeWindows(g);
  const [od, oh, ow] = g.outSize;
  for (let p = 0, o = 0; p < g.batch * g.channels; p++) {
    for (let i = 0, k = 0; i < od; i++) {
      for (let j = 0; j < oh; j++) {
        for (let l = 0; l < ow; l++, k++, o++) visit(p, o, windows[k]!, [i, j, l]);
      }
    }
  }
}

/** Each output position's in-range window positions, as in-volume indices in scan order. */
function volumeWindows(g: Pool3dGeometry): number[][] {
  const axis = (d: 0 | 1 | 2, o: number) => {
    const positions: number[] = [];
    for (let a = 0; a < g.kernel[d]; a++) {
      const v = o * g.stride[d] - g.padding[d] + a * g.dilation[d];
      if (v >= 0 && v < g.inSize[d]) positions.push(v);
    }
    return positions;
  };
  const [, h, w] = g.inSize;
  const windows: number[][] = [];
  for (let i = 0; i < g.outSize[0]; i++) {
    for (let j = 0; j < g.outSize[1]; j++) {
      for (let l = 0; l < g.outSize[2]; l++) {
        const taps: number[] = [];
        for (const z of axis(0, i)) for (const y of axis(1, j)) for (const x of axis(2, l)) taps.push((z * h + y) * w + x);
        windows.push(taps);
      }
    }
  }
  return windows;
}
