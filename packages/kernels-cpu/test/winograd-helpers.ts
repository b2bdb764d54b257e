import { uniformAt, type ConvGeometry } from '@stride/core-tensor/backend';
import { release, store } from '../src/storage.js';
import { threadPool, type ThreadPool } from '../src/threads/thread-pool.js';
import { winogradForward, type WeightOrder } from '../src/simd/winograd.js';
import { winogradWeightGradient } from '../src/simd/winograd-weights.js';
import { wasmRuntime } from '../src/wasm/runtime.js';
import type { WinogradTile } from '../src/wasm/winograd-transforms.js';

/** A 3×3 stride-1 convolution of x [n, c, h, w] into o channels, padded `before` above and left and `after` below and right. */
export function geometry(x: readonly [number, number, number, number], o: number, before: number, after = before): ConvGeometry {
  const [n, c, h, w] = x;
  return {
    batch: n,
    inChannels: c,
    outChannels: o,
    groups: 1,
    inSize: [1, h, w],
    kernel: [1, 3, 3],
    stride: [1, 1, 1],
    dilation: [1, 1, 1],
    padBefore: [0, before, before],
    outSize: [1, h + before + after - 2, w + before + after - 2],
  };
}

/** Uniform noise in [−scale, scale), or [0, scale) where `positive` (activations after a ReLU). */
export function noise(n: number, seed: number, scale = 1, positive = false): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => (positive ? uniformAt(seed, i) : 2 * uniformAt(seed, i) - 1) * scale);
}

/** The convolution in double, straight from its definition. */
export function referenceConv(g: ConvGeometry, x: Float32Array, w: Float32Array): Float64Array {
  const [n, c, o] = [g.batch, g.inChannels, g.outChannels];
  const [h, wd, oh, ow, ph, pw] = [g.inSize[1], g.inSize[2], g.outSize[1], g.outSize[2], g.padBefore[1], g.padBefore[2]];
  const y = new Float64Array(n * o * oh * ow);
  for (let s = 0; s < n; s++) {
    for (let k = 0; k < o; k++) {
      const out = (s * o + k) * oh * ow;
      for (let ch = 0; ch < c; ch++) {
        const image = (s * c + ch) * h * wd;
        for (let i = 0; i < 3; i++) {
          for (let j = 0; j < 3; j++) {
            const tap = w[((k * c + ch) * 3 + i) * 3 + j]!;
            for (let oy = 0; oy < oh; oy++) {
              const iy = oy + i - ph;
              if (iy < 0 || iy >= h) continue;
              for (let ox = 0; ox < ow; ox++) {
                const ix = ox + j - pw;
                if (ix >= 0 && ix < wd) y[out + oy * ow + ox]! += tap * x[image + iy * wd + ix]!;
              }
            }
          }
        }
      }
    }
  }
  return y;
}

const pools = new Map<number, ThreadPool>();

/** y by F(m×m, 3×3) on `threads` threads, whatever the dispatch rule would pick. */
export function viaWinograd(
  m: WinogradTile,
  g: ConvGeometry,
  x: Float32Array,
  w: Float32Array,
  threads = 2,
  order: WeightOrder = 'forward',
): Float32Array {
  const rt = wasmRuntime()!;
  let pool = pools.get(threads);
  if (!pool) pools.set(threads, (pool = threadPool(rt, threads)));
  return rt.scoped(() => {
    const xAt = rt.alloc(x.length * 4 + 16);
    rt.f32().set(x, xAt / 4);
    const y = winogradForward(rt, pool, m, g, xAt, w, order);
    const copy = y.slice();
    release(store(y));
    return copy;
  });
}

/** The conformance suite's tolerance, by relativeError's measure: the largest error at most 1e-5 of the largest output. */
export const TOLERANCE = 1e-5;

/** max |got − want| over max |want|: the conformance suite's measure of a tensor's error. */
export function relativeError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let [worst, scale] = [0, 0];
  for (let i = 0; i < want.length; i++) {
    worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
    scale = Math.max(scale, Math.abs(want[i]!));
  }
  return worst / scale;
}

/** dw of the convolution in double, straight from its definition. */
export function referenceWeightGradient(g: ConvGeometry, x: Float32Array, dy: Float32Array): Float64Array {
  const [n, c, o] = [g.batch, g.inChannels, g.outChannels];
  const [h, wd, oh, ow, ph, pw] = [g.inSize[1], g.inSize[2], g.outSize[1], g.outSize[2], g.padBefore[1], g.padBefore[2]];
  const dw = new Float64Array(o * c * 9);
  for (let s = 0; s < n; s++) {
    for (let k = 0; k < o; k++) {
      const grad = (s * o + k) * oh * ow;
      for (let ch = 0; ch < c; ch++) {
        const image = (s * c + ch) * h * wd;
        for (let i = 0; i < 3; i++) {
          for (let j = 0; j < 3; j++) {
            let sum = 0;
            for (let oy = 0; oy < oh; oy++) {
              const iy = oy + i - ph;
              if (iy < 0 || iy >= h) continue;
              for (let ox = 0; ox < ow; ox++) {
                const ix = ox + j - pw;
                if (ix >= 0 && ix < wd) sum += dy[grad + oy * ow + ox]! * x[image + iy * wd + ix]!;
              }
            }
            dw[((k * c + ch) * 3 + i) * 3 + j]! += sum;
          }
        }
      }
    }
  }
  return dw;
}

/** dw by the transposed F(m×m, 3×3) on `threads` threads, whatever the dispatch rule would pick. */
export function viaWinogradWeights(m: WinogradTile, g: ConvGeometry, x: Float32Array, dy: Float32Array, threads = 2): Float32Array {
  const rt = wasmRuntime()!;
  let pool = pools.get(threads);
  if (!pool) pools.set(threads, (pool = threadPool(rt, threads)));
  return rt.scoped(() => {
    const [xAt, dyAt] = [rt.alloc(x.length * 4 + 16), rt.alloc(dy.length * 4 + 16)];
    rt.f32().set(x, xAt / 4);
    rt.f32().set(dy, dyAt / 4);
    const dw = winogradWeightGradient(rt, pool, m, g, xAt, dyAt);
    const copy = dw.slice();
    release(store(dw));
    return copy;
  });
}
