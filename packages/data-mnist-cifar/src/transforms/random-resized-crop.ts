import { checkMode, checkOptionsObject, checkRange } from './options.js';
import { drawBox, type Box } from './random-box.js';
import { linearTaps, nearestTaps, resampleBilinear, resampleNearest, type ResizeMode } from './resample.js';
import { checkSize, newBatchData, roundHalfEven, squareOrPair, type SizeOption } from './sizes.js';
import type { ImageBatch, Transform } from './transform.js';

export interface RandomResizedCropOptions {
  /** Output size: `n` or `[n]` for n×n, or [height, width]. */
  size: SizeOption;
  /** Range of the crop's area as a fraction of the image's (default [0.08, 1]). */
  scale?: readonly [number, number];
  /** Range of the crop's width / height, drawn log-uniformly (default [3/4, 4/3]). */
  ratio?: readonly [number, number];
  /** 'bilinear' (default) or 'nearest'. */
  mode?: ResizeMode;
}

/**
 * Crops a random box of each image and resizes it to `size`, as torchvision's
 * `RandomResizedCrop` (tensor resize without antialias): per image, up to ten draws of area
 * and aspect ratio, falling back to the largest centred box within `ratio`.
 */
export function randomResizedCrop(opts: RandomResizedCropOptions): Transform {
  const op = 'randomResizedCrop';
  checkOptionsObject(op, opts, 'size, scale, ratio, mode');
  checkSize(op, opts.size);
  const [outH, outW] = squareOrPair(opts.size);
  const scale = checkRange(op, 'scale', opts.scale ?? [0.08, 1], 'non-negative');
  const ratio = checkRange(op, 'ratio', opts.ratio ?? [3 / 4, 4 / 3], 'positive');
  const mode = checkMode(op, opts.mode);
  return (batch, random) => {
    const [n, c, h, w] = batch.shape;
    const shape = [n, c, outH, outW] as const;
    const out = newBatchData(op, shape);
    for (let i = 0; i < n; i++)
      resizeBox(batch, i, randomResizedCropBox(h, w, scale, ratio, random), { data: out, height: outH, width: outW }, mode);
    return { ...batch, data: out, shape };
  };
}

/** torchvision's `RandomResizedCrop.get_params` for one image of height × width. */
export function randomResizedCropBox(
  height: number,
  width: number,
  scale: readonly [number, number],
  ratio: readonly [number, number],
  random: () => number,
): Box {
  const drawn = drawBox(height, width, scale, ratio, 'width', (h, w) => h > 0 && h <= height && w > 0 && w <= width, random);
  if (drawn) return drawn;
  // Fallback: the whole image, narrowed to the nearest allowed aspect ratio, centred.
  const inRatio = width / height;
  let [h, w] = [height, width];
  if (inRatio < ratio[0]) h = roundHalfEven(width / ratio[0]);
  else if (inRatio > ratio[1]) w = roundHalfEven(height * ratio[1]);
  return { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), height: h, width: w };
}

/** torchvision's `resized_crop` for image `index`: the box of the image, resized into the same image of `out`. */
export function resizeBox(
  batch: ImageBatch,
  index: number,
  box: Box,
  out: { data: Float32Array; height: number; width: number },
  mode: ResizeMode,
): void {
  const [, c, h, w] = batch.shape;
  const src = { data: batch.data, base: index * c * h * w, planes: c, height: h, width: w };
  const dst = { data: out.data, base: index * c * out.height * out.width, planes: c, height: out.height, width: out.width };
  if (mode === 'bilinear')
    resampleBilinear(src, linearTaps(box.height, out.height, box.top), linearTaps(box.width, out.width, box.left), dst);
  else resampleNearest(src, nearestTaps(box.height, out.height, box.top), nearestTaps(box.width, out.width, box.left), dst);
}
