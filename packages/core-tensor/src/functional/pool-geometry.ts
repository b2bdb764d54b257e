import type { PoolGeometry } from '../backend/backend.js';
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

/**
 * PyTorch's pooling shape rule: out = ⌊(in + 2p − d(k−1) − 1 + (ceil ? s−1 : 0)) / s⌋ + 1, and in
 * ceil mode a last window that would start inside the right padding is dropped.
 */
export function poolGeometry(op: string, x: Tensor, opts: PoolOptions): PoolGeometry {
  if (x.ndim !== 4) throw new Error(`${op}: input must be 4-D [N, C, H, W] (or 3-D unbatched) but got shape ${formatShape(x.shape)}`);
  if (opts === undefined || opts.kernelSize === undefined) throw new Error(`${op}: kernelSize is required`);
  const kernel = spatialTuple(op, 'kernelSize', opts.kernelSize, 2, 1);
  const stride = spatialTuple(op, 'stride', opts.stride ?? opts.kernelSize, 2, 1);
  const padding = spatialTuple(op, 'padding', opts.padding ?? 0, 2, 0);
  const dilation = spatialTuple(op, 'dilation', opts.dilation ?? 1, 2, 1);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const inSize = [h, w];
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
  return {
    batch: n,
    channels: c,
    inSize: [h, w],
    kernel: [kernel[0]!, kernel[1]!],
    stride: [stride[0]!, stride[1]!],
    padding: [padding[0]!, padding[1]!],
    dilation: [dilation[0]!, dilation[1]!],
    outSize: [outSize[0]!, outSize[1]!],
  };
}
