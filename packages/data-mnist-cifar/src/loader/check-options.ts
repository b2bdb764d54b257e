import type { Backend } from '@stride/core-tensor';
import { checkLabeledImages } from '../datasets/check-dataset.js';
import { describe } from '../errors/describe.js';
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
  checkLabeledImages('DataLoader', opts.dataset);
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
