import type { Backend } from '@stride/core-tensor';
import type { LabeledImages } from '../datasets/image-dataset.js';
import type { Transform } from '../transforms/transform.js';
import type { DataLoaderOptions } from './data-loader.js';

/** DataLoaderOptions with every default filled in, after checking. */
export interface ResolvedLoaderOptions {
  dataset: LabeledImages;
  batchSize: number;
  shuffle: boolean;
  seed: number;
  dropLast: boolean;
  transform: Transform | undefined;
  backend: Backend | undefined;
}

const SEED_LIMIT = 2 ** 32;

/** Checks every option at construction, so a mistake fails where it was made, not at the first batch. */
export function checkLoaderOptions(opts: DataLoaderOptions | undefined): ResolvedLoaderOptions {
  if (typeof opts !== 'object' || opts === null) {
    throw new Error(`DataLoader: expected an options object { dataset, batchSize, shuffle, ... }, got ${describe(opts)}`);
  }
  checkDataset(opts.dataset);
  const batchSize = opts.batchSize ?? 1;
  if (!(Number.isSafeInteger(batchSize) && batchSize > 0)) {
    throw new Error(`DataLoader: batchSize must be a positive integer, got ${describe(batchSize)}`);
  }
  for (const name of ['shuffle', 'dropLast'] as const) {
    if (opts[name] !== undefined && typeof opts[name] !== 'boolean') {
      throw new Error(`DataLoader: ${name} must be true or false, got ${describe(opts[name])}`);
    }
  }
  const { seed } = opts;
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed < SEED_LIMIT)) {
    throw new Error(`DataLoader: seed must be an integer in [0, 2^32), got ${describe(seed)}`);
  }
  if (opts.transform !== undefined && typeof opts.transform !== 'function') {
    throw new Error(`DataLoader: transform must be a function (batch, random) => batch, got ${describe(opts.transform)}`);
  }
  if (opts.backend !== undefined && (typeof opts.backend !== 'object' || opts.backend === null)) {
    throw new Error(`DataLoader: backend must be a Backend, got ${describe(opts.backend)}`);
  }
  return {
    dataset: opts.dataset,
    batchSize,
    shuffle: opts.shuffle ?? false,
    seed: seed ?? Math.floor(Math.random() * SEED_LIMIT),
    dropLast: opts.dropLast ?? false,
    transform: opts.transform,
    backend: opts.backend,
  };
}

function checkDataset(dataset: LabeledImages | undefined): void {
  const expected = 'an ImageDataset or an object with images (Uint8Array), labels, shape [C, H, W], length and numClasses';
  if (typeof dataset !== 'object' || dataset === null) throw new Error(`DataLoader: dataset is required (${expected}), got ${describe(dataset)}`);
  const { images, labels, shape, length } = dataset;
  if (!(images instanceof Uint8Array)) throw new Error(`DataLoader: dataset.images must be a Uint8Array (${expected}), got ${describe(images)}`);
  if (!(labels instanceof Uint8Array || labels instanceof Int32Array)) {
    throw new Error(`DataLoader: dataset.labels must be a Uint8Array or Int32Array, got ${describe(labels)}`);
  }
  if (!(Array.isArray(shape) && shape.length === 3 && shape.every((s) => Number.isSafeInteger(s) && s > 0))) {
    throw new Error(`DataLoader: dataset.shape must be [C, H, W] of positive integers, got ${describe(shape)}`);
  }
  if (!(Number.isSafeInteger(length) && length >= 0 && labels.length === length)) {
    throw new Error(`DataLoader: dataset.length must be the number of labels (${labels.length}), got ${describe(length)}`);
  }
  const [c, h, w] = shape;
  if (images.length !== length * c * h * w) {
    throw new Error(`DataLoader: dataset has ${length} images of [${c}, ${h}, ${w}] (${length * c * h * w} bytes) but images holds ${images.length} bytes`);
  }
}

/** A short description of a bad value for a message: never its whole contents. */
function describe(value: unknown): string {
  if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (Array.isArray(value)) return value.length <= 8 ? `[${value.map(describe).join(', ')}]` : `an array of ${value.length} values`;
  if (typeof value === 'function') return 'a function';
  return `a ${(value as object).constructor?.name ?? 'object'}`;
}
