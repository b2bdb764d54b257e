import { checkLabeledImages } from './check-dataset.js';
import type { LabeledImages } from './image-dataset.js';

/** Per-channel mean and standard deviation of a dataset's pixels, on the [0, 1] scale. */
export interface MeanStd {
  mean: number[];
  std: number[];
}

/**
 * The per-channel mean and (population) standard deviation of every pixel of the dataset,
 * scaled to [0, 1] as the DataLoader scales them: the values `normalize` wants, computed as
 * `x.mean(dim=(0, 2, 3))` and `x.std(dim=(0, 2, 3), unbiased=False)` would. Exact up to the
 * final division: pixels are counted per byte value, then summed over the 256 values.
 */
export function computeMeanStd(dataset: LabeledImages): MeanStd {
  checkLabeledImages('computeMeanStd', dataset);
  const [c, h, w] = dataset.shape;
  if (dataset.length === 0) throw new Error('computeMeanStd: the dataset has no images');
  const plane = h * w;
  const counts = new Float64Array(c * 256);
  const { images } = dataset;
  for (let i = 0; i < dataset.length; i++) {
    for (let ch = 0; ch < c; ch++) {
      const start = (i * c + ch) * plane;
      const histogram = ch * 256;
      for (let k = start; k < start + plane; k++) counts[histogram + images[k]!]!++;
    }
  }
  const total = dataset.length * plane;
  const mean: number[] = [];
  const std: number[] = [];
  for (let ch = 0; ch < c; ch++) {
    let sum = 0;
    for (let v = 0; v < 256; v++) sum += counts[ch * 256 + v]! * v;
    const m = sum / total;
    let squares = 0;
    for (let v = 0; v < 256; v++) squares += counts[ch * 256 + v]! * (v - m) ** 2;
    mean.push(m / 255);
    std.push(Math.sqrt(squares / total) / 255);
  }
  return { mean, std };
}
