import { describe } from '../errors/describe.js';
import { standardNormal } from './distributions.js';
import { checkOptionsObject, checkProbability, checkRange } from './options.js';
import { drawBox } from './random-box.js';
import type { Transform } from './transform.js';

export interface RandomErasingOptions {
  /** Probability that an image is erased (default 0.5). */
  p?: number;
  /** Range of the erased area as a fraction of the image's (default [0.02, 0.33]). */
  scale?: readonly [number, number];
  /** Range of the erased box's height / width, drawn log-uniformly (default [0.3, 3.3]). */
  ratio?: readonly [number, number];
  /** What fills the box: one value, one per channel, or 'random' (standard normal noise). Default 0. */
  value?: number | readonly number[] | 'random';
}

/**
 * Erases a random box of each image with probability p, as torchvision's `RandomErasing`
 * (Zhong et al. 2017; Cutout when the value is 0): up to ten draws of area and aspect
 * ratio, keeping the first box strictly smaller than the image; none fits, nothing is erased.
 * torchvision applies it after `Normalize`, so 0 is the mean colour.
 */
export function randomErasing(opts: RandomErasingOptions = {}): Transform {
  const op = 'randomErasing';
  checkOptionsObject(op, opts, 'p, scale, ratio, value');
  const p = checkProbability(op, opts.p ?? 0.5);
  const scale = checkRange(op, 'scale', opts.scale ?? [0.02, 0.33], 'unit');
  const ratio = checkRange(op, 'ratio', opts.ratio ?? [0.3, 3.3], 'positive');
  const value = opts.value ?? 0;
  const values = typeof value === 'number' ? [value] : value;
  if (!(values === 'random' || (Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === 'number')))) {
    throw new Error(`${op}: value must be a number, a list of numbers (one per channel) or 'random', got ${describe(value)}`);
  }
  return (batch, random) => {
    const [n, c, h, w] = batch.shape;
    if (values !== 'random' && values.length !== 1 && values.length !== c) {
      throw new Error(`${op}: value has ${values.length} entries but the images have ${c} channels (expected 1 or ${c})`);
    }
    const { data } = batch;
    for (let i = 0; i < n; i++) {
      if (!(random() < p)) continue;
      const box = drawBox(h, w, scale, ratio, 'height', (bh, bw) => bh < h && bw < w, random);
      if (!box) continue;
      for (let ch = 0; ch < c; ch++) {
        const fill = values === 'random' ? 0 : values[values.length === 1 ? 0 : ch]!;
        for (let y = box.top; y < box.top + box.height; y++) {
          const row = ((i * c + ch) * h + y) * w;
          if (values !== 'random') data.fill(fill, row + box.left, row + box.left + box.width);
          else for (let x = row + box.left; x < row + box.left + box.width; x++) data[x] = standardNormal(random);
        }
      }
    }
    return batch;
  };
}
