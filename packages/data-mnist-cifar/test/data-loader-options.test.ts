import { describe, expect, it } from 'vitest';
import { DataLoader, ImageDataset, type DataLoaderOptions, type LabeledImages } from '../src/index.ts';

const dataset = new ImageDataset({ images: new Uint8Array(3 * 4), labels: new Uint8Array(3), shape: [1, 2, 2], numClasses: 1 });
/** Builds a loader from options that TypeScript would reject, as a JavaScript caller can. */
const make = (opts: unknown) => () => new DataLoader(opts as DataLoaderOptions);

describe('DataLoader options are checked at construction', () => {
  it('rejects a missing dataset, naming what a dataset is', () => {
    expect(make({ batchSize: 4 })).toThrow(
      'DataLoader: dataset is required (an ImageDataset or an object with images (Uint8Array), labels, shape [C, H, W], length and numClasses), got undefined',
    );
  });

  it('rejects a missing options object', () => {
    expect(make(undefined)).toThrow('DataLoader: expected an options object { dataset, batchSize, shuffle, ... }, got undefined');
  });

  it('rejects a dataset that is not image bytes with labels', () => {
    expect(make({ dataset: [1, 2, 3] })).toThrow('DataLoader: dataset.images must be a Uint8Array');
    expect(make({ dataset: { ...dataset, images: new Float32Array(12) } })).toThrow(
      'DataLoader: dataset.images must be a Uint8Array (an ImageDataset or an object with images (Uint8Array), labels, shape [C, H, W], length and numClasses), got a Float32Array',
    );
    expect(make({ dataset: { ...dataset, labels: [0, 0, 0] } })).toThrow(
      'DataLoader: dataset.labels must be a Uint8Array or Int32Array, got [0, 0, 0]',
    );
  });

  it('rejects a dataset whose shape, length and bytes disagree', () => {
    const plain = (over: Partial<LabeledImages>) => ({
      images: dataset.images,
      labels: dataset.labels,
      shape: dataset.shape,
      length: 3,
      numClasses: 1,
      ...over,
    });
    expect(make({ dataset: plain({ shape: [1, 2] as unknown as LabeledImages['shape'] }) })).toThrow(
      'DataLoader: dataset.shape must be [C, H, W] of positive integers, got [1, 2]',
    );
    expect(make({ dataset: plain({ shape: [1, 2, 2.5] }) })).toThrow(
      'DataLoader: dataset.shape must be [C, H, W] of positive integers, got [1, 2, 2.5]',
    );
    expect(make({ dataset: plain({ length: 4 }) })).toThrow('DataLoader: dataset.length must be the number of labels (3), got 4');
    expect(make({ dataset: plain({ images: new Uint8Array(11) }) })).toThrow(
      'DataLoader: dataset has 3 images of [1, 2, 2] (12 bytes) but images holds 11 bytes',
    );
  });

  for (const batchSize of [0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`rejects batchSize ${batchSize}`, () => {
      expect(make({ dataset, batchSize })).toThrow(`DataLoader: batchSize must be a positive integer, got ${batchSize}`);
    });
  }

  it('rejects a batchSize given as a string', () => {
    expect(make({ dataset, batchSize: '4' })).toThrow("DataLoader: batchSize must be a positive integer, got '4'");
  });

  it('rejects shuffle and dropLast that are not booleans', () => {
    expect(make({ dataset, shuffle: 'yes' })).toThrow("DataLoader: shuffle must be true or false, got 'yes'");
    expect(make({ dataset, dropLast: 1 })).toThrow('DataLoader: dropLast must be true or false, got 1');
  });

  for (const seed of [-1, 0.5, 2 ** 32, Number.NaN]) {
    it(`rejects seed ${seed}`, () => {
      expect(make({ dataset, seed })).toThrow(`DataLoader: seed must be an integer in [0, 2^32), got ${seed}`);
    });
  }

  it('rejects a transform that is not a function, and a backend that is not an object', () => {
    expect(make({ dataset, transform: [] })).toThrow('DataLoader: transform must be a function (batch, random) => batch, got []');
    expect(make({ dataset, backend: 'cpu' })).toThrow("DataLoader: backend must be a Backend, got 'cpu'");
  });

  it('accepts the largest seed and keeps every option', () => {
    const loader = new DataLoader({ dataset, batchSize: 2, shuffle: true, seed: 2 ** 32 - 1, dropLast: true });
    expect([loader.batchSize, loader.shuffle, loader.seed, loader.dropLast, loader.length]).toEqual([2, true, 2 ** 32 - 1, true, 1]);
  });
});

describe('DataLoader checks what a transform returns', () => {
  it('names targets that are not numClasses values per image', async () => {
    const loader = new DataLoader({ dataset, batchSize: 2, transform: (b) => ({ ...b, targets: new Float32Array(3) }) });
    await expect(loader[Symbol.asyncIterator]().next()).rejects.toThrow(
      'DataLoader: the transform returned 3 target values for 2 images (expected 2 × numClasses)',
    );
  });
});
