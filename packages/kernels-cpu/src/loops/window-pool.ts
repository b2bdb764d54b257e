import type { TypedArray } from '@stride/core-tensor';
import {
  adaptiveWindow,
  fractionalStarts,
  type FractionalPoolGeometry,
  type OptionalKernels,
  type WindowPoolGeometry,
} from '@stride/core-tensor/backend';
import { store, uninitialized, valuesOf, zeroed } from '../storage.js';

type WindowPoolKernels = Pick<
  OptionalKernels,
  | 'adaptiveMaxPool2d'
  | 'adaptiveMaxPool2dBackward'
  | 'fractionalMaxPool2d'
  | 'fractionalMaxPool2dBackward'
  | 'maxUnpool2d'
  | 'maxUnpool2dBackward'
>;

/** Per-plane [start, end) of each output row and column. */
interface Windows {
  rows: (plane: number) => { start: Int32Array; end: Int32Array };
  cols: (plane: number) => { start: Int32Array; end: Int32Array };
}

/**
 * Max pooling over placed windows (adaptive, fractional), its scatter-back, and max-unpooling, as
 * PyTorch's CPU kernels: the first maximum in scan order wins, a NaN replaces the maximum so far
 * (the last NaN wins), and unpooling writes in scan order (the last write wins).
 */
export function windowPoolKernels(): WindowPoolKernels {
  return {
    adaptiveMaxPool2d(x, g) {
      return windowMax(valuesOf(x.id), g, adaptiveWindows(g));
    },
    adaptiveMaxPool2dBackward(dy, argmax, g) {
      return scatterByIndex(valuesOf(dy.id), valuesOf(argmax.id), g);
    },
    fractionalMaxPool2d(x, samples, g) {
      return windowMax(valuesOf(x.id), g, fractionalWindows(valuesOf(samples.id), g, x.dtype));
    },
    fractionalMaxPool2dBackward(dy, argmax, _samples, g) {
      return scatterByIndex(valuesOf(dy.id), valuesOf(argmax.id), g);
    },
    maxUnpool2d(x, indices, g) {
      const src = valuesOf(x.id);
      const index = valuesOf(indices.id);
      const [count, size] = [g.inSize[0] * g.inSize[1], g.outSize[0] * g.outSize[1]];
      const out = zeroed(x.dtype, g.batch * g.channels * size);
      for (let p = 0; p < g.batch * g.channels; p++) {
        for (let l = p * count; l < (p + 1) * count; l++) {
          const at = index[l]!;
          if (at >= 0 && at < size) out[p * size + at] = src[l]!;
        }
      }
      return store(out);
    },
    maxUnpool2dBackward(dy, indices, g) {
      const grads = valuesOf(dy.id);
      const index = valuesOf(indices.id);
      const [count, size] = [g.inSize[0] * g.inSize[1], g.outSize[0] * g.outSize[1]];
      const dx = zeroed(dy.dtype, g.batch * g.channels * count);
      for (let p = 0; p < g.batch * g.channels; p++) {
        for (let l = p * count; l < (p + 1) * count; l++) {
          const at = index[l]!;
          if (at >= 0 && at < size) dx[l] = grads[p * size + at]!;
        }
      }
      return store(dx);
    },
  };
}

function windowMax(src: TypedArray, g: WindowPoolGeometry, windows: Windows) {
  const [h, w] = g.inSize;
  const [oh, ow] = g.outSize;
  const planes = g.batch * g.channels;
  const out = uninitialized(src instanceof Float64Array ? 'float64' : 'float32', planes * oh * ow);
  const argmax = new Int32Array(planes * oh * ow);
  for (let p = 0, o = 0; p < planes; p++) {
    const at = p * h * w;
    const rows = windows.rows(p);
    const cols = windows.cols(p);
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++, o++) {
        let best = -Infinity;
        let index = rows.start[i]! * w + cols.start[j]!;
        for (let y = rows.start[i]!; y < rows.end[i]!; y++) {
          for (let x = cols.start[j]!; x < cols.end[j]!; x++) {
            const v = src[at + y * w + x]!;
            if (v > best || Number.isNaN(v)) {
              best = v;
              index = y * w + x;
            }
          }
        }
        out[o] = best;
        argmax[o] = index;
      }
    }
  }
  return { out: store(out), argmax: store(argmax) };
}

/** dx[p, argmax[p, o]] += dy[p, o]. */
function scatterByIndex(grads: TypedArray, index: TypedArray, g: WindowPoolGeometry) {
  const [size, count] = [g.inSize[0] * g.inSize[1], g.outSize[0] * g.outSize[1]];
  const dx = zeroed(grads instanceof Float64Array ? 'float64' : 'float32', g.batch * g.channels * size);
  for (let p = 0; p < g.batch * g.channels; p++) {
    for (let o = p * count; o < (p + 1) * count; o++) {
      const at = p * size + index[o]!;
      dx[at] = dx[at]! + grads[o]!;
    }
  }
  return store(dx);
}

function adaptiveWindows(g: WindowPoolGeometry): Windows {
  const rows = axisWindows(g.inSize[0], g.outSize[0]);
  const cols = axisWindows(g.inSize[1], g.outSize[1]);
  return { rows: () => rows, cols: () => cols };
}

function axisWindows(size: number, out: number): { start: Int32Array; end: Int32Array } {
  const start = new Int32Array(out);
  const end = new Int32Array(out);
  for (let i = 0; i < out; i++) [start[i], end[i]] = adaptiveWindow(i, size, out);
  return { start, end };
}

/** Each plane's windows from its samples: the columns' sample first, then the rows'. */
function fractionalWindows(samples: TypedArray, g: FractionalPoolGeometry, dtype: 'float32' | 'float64' | 'int32'): Windows {
  const placed = (sample: number, size: number, out: number, k: number) => {
    const start = fractionalStarts(sample, size, out, k, dtype);
    return { start, end: start.map((s) => s + k) };
  };
  return {
    rows: (p) => placed(samples[2 * p + 1]!, g.inSize[0], g.outSize[0], g.kernel[0]),
    cols: (p) => placed(samples[2 * p]!, g.inSize[1], g.outSize[1], g.kernel[1]),
  };
}
