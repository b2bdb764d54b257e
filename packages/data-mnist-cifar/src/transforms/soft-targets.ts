import { describe } from '../errors/describe.js';
import { checkOptionsObject } from './options.js';
import type { ImageBatch } from './transform.js';

export interface MixOptions {
  /** Both parameters of the Beta(alpha, alpha) that the mixing weight is drawn from (default 1: uniform). */
  alpha?: number;
  /** Number of classes: the width of the targets. */
  numClasses: number;
}

/** Checks mixup's and cutmix's options; returns alpha and numClasses. */
export function checkMixOptions(op: string, opts: MixOptions): { alpha: number; numClasses: number } {
  checkOptionsObject(op, opts, 'alpha, numClasses');
  const alpha = opts.alpha ?? 1;
  if (!(typeof alpha === 'number' && alpha > 0 && Number.isFinite(alpha)))
    throw new Error(`${op}: alpha must be a positive number, got ${describe(alpha)}`);
  const { numClasses } = opts;
  if (!(Number.isSafeInteger(numClasses) && numClasses > 0))
    throw new Error(`${op}: numClasses must be a positive integer, got ${describe(numClasses)}`);
  return { alpha, numClasses };
}

/**
 * Each image's class distribution before mixing, [N, numClasses]: the batch's `targets` when
 * an earlier transform set them, else the one-hot rows of its int32 `labels`.
 */
export function classDistributions(op: string, batch: ImageBatch, numClasses: number): Float32Array {
  const n = batch.shape[0];
  if (batch.targets) {
    if (batch.targets.length !== n * numClasses) {
      throw new Error(
        `${op}: batch.targets has ${batch.targets.length} values but ${n} images of ${numClasses} classes need ${n * numClasses}`,
      );
    }
    return batch.targets;
  }
  const { labels } = batch;
  if (!labels) {
    throw new Error(
      `${op}: the batch has no labels; ${op} needs int32 class indices in batch.labels (the DataLoader passes them) to make its targets`,
    );
  }
  if (labels.length !== n) throw new Error(`${op}: batch.labels has ${labels.length} values but the batch has ${n} images`);
  const out = new Float32Array(n * numClasses);
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    if (!(label >= 0 && label < numClasses)) {
      throw new Error(`${op}: label ${label} of image ${i} is not a class index in 0..${numClasses - 1} (numClasses ${numClasses})`);
    }
    out[i * numClasses + label] = 1;
  }
  return out;
}

/**
 * weight · own row + (1 - weight) · the previous image's row (image 0 pairs with the last),
 * which is torchvision's pairing of each image with the batch rolled by one.
 */
export function mixWithPrevious(rows: Float32Array, n: number, weight: number): Float32Array {
  const f = Math.fround;
  const size = rows.length / n;
  const own = f(weight);
  const other = f(1 - weight);
  const out = new Float32Array(rows.length);
  for (let i = 0; i < n; i++) {
    const at = i * size;
    const prev = ((i + n - 1) % n) * size;
    for (let k = 0; k < size; k++) out[at + k] = f(f(own * rows[at + k]!) + f(other * rows[prev + k]!));
  }
  return out;
}
