import type { Pool3dGeometry, PoolGeometry } from '../backend/backend.js';
import type { Tensor } from '../tensor.js';
import { formatShape } from '../shape.js';
import { spatialTuple, type IntOrTuple } from './conv-geometry.js';

export interface PoolOptions {
  kernelSize: IntOrTuple;
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  ceilMode?: boolean;
}

/** A sliding pooling window over `rank` spatial dims, checked. */
export interface SlidingWindow {
  inSize: number[];
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  outSize: number[];
}

const LAYOUTS = {
  1: '3-D [N, C, L] (or 2-D unbatched)',
  2: '4-D [N, C, H, W] (or 3-D unbatched)',
  3: '5-D [N, C, D, H, W] (or 4-D unbatched)',
};

/** 2-D pooling over [N, C, H, W]. */
export function poolGeometry(op: string, x: Tensor, opts: PoolOptions): PoolGeometry {
  return geometryOf(x, slidingWindow(op, x, opts, 2), (v) => [v[0]!, v[1]!] as const);
}

/** 1-D pooling over [N, C, L], as 2-D pooling of [N, C, 1, L] with a window one row high. */
export function pool1dGeometry(op: string, x: Tensor, opts: PoolOptions): PoolGeometry {
  // The row: size, kernel, stride and dilation 1, no padding.
  return geometryOf(x, slidingWindow(op, x, opts, 1), (v, field) => [field === 'padding' ? 0 : 1, v[0]!] as const);
}

/** 3-D pooling over [N, C, D, H, W]. */
export function pool3dGeometry(op: string, x: Tensor, opts: PoolOptions): Pool3dGeometry {
  return geometryOf(x, slidingWindow(op, x, opts, 3), (v) => [v[0]!, v[1]!, v[2]!] as const);
}

/**
 * PyTorch's pooling shape rule: out = ⌊(in + 2p − d(k−1) − 1 + (ceil ? s−1 : 0)) / s⌋ + 1, and in
 * ceil mode a last window that would start inside the right padding is dropped.
 */
export function slidingWindow(op: string, x: Tensor, opts: PoolOptions, rank: 1 | 2 | 3): SlidingWindow {
  if (x.ndim !== rank + 2) throw new Error(`${op}: input must be ${LAYOUTS[rank]} but got shape ${formatShape(x.shape)}`);
  if (opts === undefined || opts.kernelSize === undefined) throw new Error(`${op}: kernelSize is required`);
  const kernel = spatialTuple(op, 'kernelSize', opts.kernelSize, rank, 1);
  const stride = spatialTuple(op, 'stride', opts.stride ?? opts.kernelSize, rank, 1);
  const padding = spatialTuple(op, 'padding', opts.padding ?? 0, rank, 0);
  const dilation = spatialTuple(op, 'dilation', opts.dilation ?? 1, rank, 1);
  const inSize = x.shape.slice(2);
  padding.forEach((p, i) => {
    if (p > kernel[i]! / 2) {
      throw new Error(
        `${op}: padding ${p} in spatial dim ${i} must be at most half the kernel size ${kernel[i]} (expected ≤ ${Math.floor(kernel[i]! / 2)})`,
      );
    }
  });
  const outSize = inSize.map((size, i) => {
    const s = stride[i]!;
    const span = size + 2 * padding[i]! - dilation[i]! * (kernel[i]! - 1) - 1 + (opts.ceilMode ? s - 1 : 0);
    let out = Math.floor(span / s) + 1;
    if (opts.ceilMode && (out - 1) * s >= size + padding[i]!) out--;
    if (out < 1) {
      throw new Error(
        `${op}: kernel size ${formatShape(kernel)} with dilation ${formatShape(dilation)} is larger than the padded input ` +
          `${formatShape(inSize)} + padding ${formatShape(padding)} (output size would be ${out} in spatial dim ${i})`,
      );
    }
    return out;
  });
  return { inSize, kernel, stride, padding, dilation, outSize };
}

/** x's batch and channels with each of the window's fields as the geometry's tuple. */
function geometryOf<T>(x: Tensor, w: SlidingWindow, tuple: (values: number[], field: keyof SlidingWindow) => T) {
  const [n, c] = x.shape as [number, number];
  return {
    batch: n,
    channels: c,
    inSize: tuple(w.inSize, 'inSize'),
    kernel: tuple(w.kernel, 'kernel'),
    stride: tuple(w.stride, 'stride'),
    padding: tuple(w.padding, 'padding'),
    dilation: tuple(w.dilation, 'dilation'),
    outSize: tuple(w.outSize, 'outSize'),
  };
}
