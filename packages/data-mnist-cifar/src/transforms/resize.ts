import { checkMode, checkOptionsObject } from './options.js';
import { linearTaps, nearestTaps, resampleBilinear, resampleNearest, type ResizeMode } from './resample.js';
import { checkSize, newBatchData, resizeTarget, type SizeOption } from './sizes.js';
import type { Transform } from './transform.js';

export interface ResizeOptions {
  /** `n` or `[n]`: the smaller edge becomes n, the other keeps the aspect ratio (rounded down); [height, width]: exactly that. */
  size: SizeOption;
  /** 'bilinear' (default) or 'nearest'. */
  mode?: ResizeMode;
}

/**
 * Resizes every image of the batch, as torchvision 0.14's `resize` on a float tensor with
 * `antialias=False` (its tensor default): bilinear with half-pixel centres, or nearest. A
 * batch already of the target size comes back unchanged, as in torchvision.
 */
export function resize(opts: ResizeOptions): Transform {
  checkOptionsObject('resize', opts, 'size, mode');
  checkSize('resize', opts.size);
  const mode = checkMode('resize', opts.mode);
  const { size } = opts;
  return (batch) => {
    const [n, c, h, w] = batch.shape;
    const [outH, outW] = resizeTarget(size, h, w);
    if (outH === h && outW === w) return batch;
    const shape = [n, c, outH, outW] as const;
    const out = newBatchData('resize', shape);
    const src = { data: batch.data, base: 0, planes: n * c, height: h, width: w };
    const dst = { data: out, base: 0, planes: n * c, height: outH, width: outW };
    if (mode === 'bilinear') resampleBilinear(src, linearTaps(h, outH), linearTaps(w, outW), dst);
    else resampleNearest(src, nearestTaps(h, outH), nearestTaps(w, outW), dst);
    return { ...batch, data: out, shape };
  };
}
