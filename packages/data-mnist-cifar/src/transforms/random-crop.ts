import { copyWindow } from './copy-window.js';
import { checkOptionsObject } from './options.js';
import { newBatchData } from './sizes.js';
import type { Transform } from './transform.js';

export interface RandomCropOptions {
  /** Output size: `n` for n×n, or [height, width]. */
  size: number | readonly [number, number];
  /** Zero padding added before cropping, as torchvision: n (all sides), [left/right, top/bottom] or [left, top, right, bottom]. */
  padding?: number | readonly [number, number] | readonly [number, number, number, number];
}

/**
 * Crops each image at its own random offset after zero-padding it, as torchvision's
 * `RandomCrop(size, padding)` with `fill=0`. Put it before `normalize` so padding is black.
 */
export function randomCrop(opts: RandomCropOptions): Transform {
  checkOptionsObject('randomCrop', opts, 'size, padding');
  const [outH, outW] = typeof opts.size === 'number' ? [opts.size, opts.size] : opts.size;
  const [left, top, right, bottom] = sides(opts.padding ?? 0);
  if (![outH, outW].every((s) => Number.isInteger(s) && s > 0)) {
    throw new Error(`randomCrop: size must be positive integers, got ${JSON.stringify(opts.size)}`);
  }
  if (![left, top, right, bottom].every((p) => Number.isInteger(p) && p >= 0)) {
    throw new Error(`randomCrop: padding must be non-negative integers, got ${JSON.stringify(opts.padding)}`);
  }
  return (batch, random) => {
    const [b, c, h, w] = batch.shape;
    const paddedH = h + top + bottom;
    const paddedW = w + left + right;
    if (outH > paddedH || outW > paddedW) {
      throw new Error(`randomCrop: crop size [${outH}, ${outW}] is larger than the padded image [${paddedH}, ${paddedW}]`);
    }
    const out = newBatchData('randomCrop', [b, c, outH, outW]); // zeros: the padding
    for (let n = 0; n < b; n++) {
      // torchvision draws the top offset first, then the left one.
      const i = Math.floor(random() * (paddedH - outH + 1)) - top;
      const j = Math.floor(random() * (paddedW - outW + 1)) - left;
      copyWindow(batch, n, i, j, out, outH, outW);
    }
    return { ...batch, data: out, shape: [b, c, outH, outW] };
  };
}

function sides(padding: NonNullable<RandomCropOptions['padding']>): [number, number, number, number] {
  if (typeof padding === 'number') return [padding, padding, padding, padding];
  if (padding.length === 2) return [padding[0], padding[1], padding[0], padding[1]];
  if (padding.length === 4) return [padding[0], padding[1], padding[2], padding[3]];
  throw new Error(`randomCrop: padding must be a number or have 2 or 4 values, got ${JSON.stringify(padding)}`);
}
