import type { Transform } from './transform.js';

/** Mirrors each image left-right with probability `p` (default 0.5), as torchvision's `RandomHorizontalFlip`. */
export function randomHorizontalFlip(opts: { p?: number } = {}): Transform {
  const p = opts.p ?? 0.5;
  if (!(p >= 0 && p <= 1)) throw new Error(`randomHorizontalFlip: p must be in [0, 1], got ${p}`);
  return (batch, random) => {
    const [b, c, h, w] = batch.shape;
    const { data } = batch;
    for (let n = 0; n < b; n++) {
      if (!(random() < p)) continue;
      for (let row = n * c * h; row < (n + 1) * c * h; row++) data.subarray(row * w, row * w + w).reverse();
    }
    return batch;
  };
}
