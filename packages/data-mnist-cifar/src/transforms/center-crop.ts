import { copyWindow } from './copy-window.js';
import { checkOptionsObject } from './options.js';
import { checkSize, newBatchData, roundHalfEven, squareOrPair, type SizeOption } from './sizes.js';
import type { Transform } from './transform.js';

export interface CenterCropOptions {
  /** `n` or `[n]` for n×n, or [height, width]. */
  size: SizeOption;
}

/**
 * Crops the centre of every image, as torchvision's `center_crop`: the offset is
 * round((size - crop) / 2) with Python's rounding (halves to even), and a crop larger than
 * the image zero-pads it first, (crop - size) // 2 before and the rest after.
 */
export function centerCrop(opts: CenterCropOptions): Transform {
  checkOptionsObject('centerCrop', opts, 'size');
  checkSize('centerCrop', opts.size);
  const [cropH, cropW] = squareOrPair(opts.size);
  return (batch) => {
    const [n, c, h, w] = batch.shape;
    if (cropH === h && cropW === w) return batch;
    const shape = [n, c, cropH, cropW] as const;
    const out = newBatchData('centerCrop', shape);
    const top = centreOffset(h, cropH);
    const left = centreOffset(w, cropW);
    for (let i = 0; i < n; i++) copyWindow(batch, i, top, left, out, cropH, cropW);
    return { ...batch, data: out, shape };
  };
}

/** Where the crop starts in image coordinates; negative when the image is padded. */
function centreOffset(size: number, crop: number): number {
  return crop > size ? -Math.floor((crop - size) / 2) : roundHalfEven((size - crop) / 2);
}
