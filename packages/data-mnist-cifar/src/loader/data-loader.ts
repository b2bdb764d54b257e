import type { Backend, Tensor } from '@stride/core-tensor';
import { batchTensors, gatherBatch, type LabeledImages } from '../datasets/image-dataset.js';
import type { ImageBatch, Transform } from '../transforms/transform.js';
import { checkLoaderOptions } from './check-options.js';
import { mixSeed, mulberry32, permutation } from './random.js';

export interface DataLoaderOptions {
  dataset: LabeledImages;
  /** Images per batch (default 1, as PyTorch). */
  batchSize?: number;
  /** Visit the images in a new random order each epoch (default false). */
  shuffle?: boolean;
  /** Seeds the shuffle and the transforms; the same seed gives the same epochs. Random if absent. */
  seed?: number;
  /** Drop the last batch if it is smaller than batchSize (default false). */
  dropLast?: boolean;
  /** Runs on each batch after the pixels are scaled to [0, 1]. */
  transform?: Transform;
  /** Where the batch tensors live (default: the current default backend). */
  backend?: Backend;
}

/**
 * One batch: `x` float32 [B, C, H, W], `y` int32 class indices [B] (or float32 class
 * probabilities [B, numClasses] when a transform such as `mixup` set `targets`), and which
 * dataset images they are. The caller disposes x and y.
 */
export interface Batch {
  x: Tensor;
  y: Tensor;
  indices: Int32Array;
}

// Separate streams per epoch: the order and the augmentations never share draws.
const ORDER_STREAM = 0;
const TRANSFORM_STREAM = 1;

/**
 * Iterates a dataset in batches, as PyTorch's `DataLoader`: `for await (const { x, y } of loader)`.
 * Each pass is one epoch; epoch e's order and augmentations depend only on (seed, e).
 */
export class DataLoader implements AsyncIterable<Batch> {
  readonly dataset: LabeledImages;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;
  readonly transform: Transform | undefined;
  readonly backend: Backend | undefined;
  /** The epoch the next iteration runs (starts at 0, advances as each iteration starts); settable, like `set_epoch`. */
  epoch = 0;

  constructor(opts: DataLoaderOptions) {
    const resolved = checkLoaderOptions(opts);
    this.dataset = resolved.dataset;
    this.batchSize = resolved.batchSize;
    this.shuffle = resolved.shuffle;
    this.seed = resolved.seed;
    this.dropLast = resolved.dropLast;
    this.transform = resolved.transform;
    this.backend = resolved.backend;
  }

  /** Number of batches per epoch. */
  get length(): number {
    const n = this.dataset.length / this.batchSize;
    return this.dropLast ? Math.floor(n) : Math.ceil(n);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Batch, void, undefined> {
    const epoch = this.epoch++;
    const n = this.dataset.length;
    const order = this.shuffle
      ? permutation(n, mulberry32(mixSeed(this.seed, epoch, ORDER_STREAM)))
      : Int32Array.from({ length: n }, (_, i) => i);
    const random = mulberry32(mixSeed(this.seed, epoch, TRANSFORM_STREAM));
    for (let b = 0, batches = this.length; b < batches; b++) {
      const indices = order.subarray(b * this.batchSize, Math.min(n, (b + 1) * this.batchSize));
      yield this.makeBatch(indices, random);
    }
  }

  private makeBatch(indices: Int32Array, random: () => number): Batch {
    const { data, labels } = gatherBatch(this.dataset, indices);
    let batch: ImageBatch = { data, shape: [indices.length, ...this.dataset.shape], labels };
    if (this.transform) batch = this.transform(batch, random);
    const n = batch.shape[0];
    if (batch.targets && !(n > 0 && batch.targets.length % n === 0)) {
      throw new Error(
        `DataLoader: the transform returned ${batch.targets.length} target values for ${n} images (expected ${n} × numClasses)`,
      );
    }
    const { x, y } = batch.targets
      ? batchTensors(batch.data, batch.shape, batch.targets, this.backend, [n, batch.targets.length / n])
      : batchTensors(batch.data, batch.shape, batch.labels ?? labels, this.backend);
    return { x, y, indices: indices.slice() };
  }
}
