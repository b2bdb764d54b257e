import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memory, setBackend } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { compose, cutmix, DataLoader, ImageDataset, mixup, mulberry32, randomCrop } from '../src/index.ts';
import { beta } from '../src/transforms/distributions.ts';
import { constantImages, moments, randomBatch } from './helpers/batches.ts';

const K = 5;

/** Row i of the [N, K] targets. */
const row = (targets: Float32Array, i: number) => Array.from(targets.subarray(i * K, (i + 1) * K));

/** Checks that every row of the targets is a distribution: non-negative, summing to 1. */
function expectDistributions(targets: Float32Array, n: number): void {
  expect(targets.length).toBe(n * K);
  for (let i = 0; i < n; i++) {
    expect(row(targets, i).every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(Math.abs(row(targets, i).reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-6);
  }
}

describe('mixup', () => {
  it('mixes each image with the previous one by λ and its targets by the same λ', () => {
    const labels = [0, 1, 2, 3];
    const batch = randomBatch([4, 3, 5, 5], 1, labels);
    const out = mixup({ alpha: 0.4, numClasses: K })(batch, mulberry32(2));
    expectDistributions(out.targets!, 4);
    // Image i holds λ of its own label and 1 - λ of image i - 1's (image 0 pairs with image 3).
    const lambda = out.targets![0 * K + 0]!;
    expect(out.targets![0 * K + 3]).toBeCloseTo(1 - lambda, 6);
    for (let i = 0; i < 4; i++) {
      const prev = (i + 3) % 4;
      expect(out.targets![i * K + labels[i]!]).toBeCloseTo(lambda, 6);
      for (let k = 0; k < 75; k++) {
        expect(out.data[i * 75 + k]).toBeCloseTo(lambda * batch.data[i * 75 + k]! + (1 - lambda) * batch.data[prev * 75 + k]!, 6);
      }
    }
    expect(out.labels).toEqual(Int32Array.from(labels));
  });

  it('gives a one-hot row where both images share a label', () => {
    const out = mixup({ numClasses: K })(randomBatch([2, 1, 2, 2], 3, [4, 4]), mulberry32(4));
    expect(row(out.targets!, 0)).toEqual([0, 0, 0, 0, 1]);
  });

  it('draws λ from Beta(α, α): mean 1/2 and variance 1 / (4(2α + 1))', () => {
    for (const alpha of [0.2, 1, 4]) {
      const random = mulberry32(alpha * 100);
      const { mean, variance } = moments(Array.from({ length: 20000 }, () => beta(alpha, alpha, random)));
      expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
      expect(Math.abs(variance - 1 / (4 * (2 * alpha + 1)))).toBeLessThan(0.01);
    }
  });

  it('is reproducible from the seed', () => {
    const run = (seed: number) => mixup({ numClasses: K })(randomBatch([3, 1, 2, 2], 5, [0, 1, 2]), mulberry32(seed)).targets;
    expect(run(6)).toEqual(run(6));
    expect(run(6)).not.toEqual(run(7));
  });

  it('rejects a batch without labels, labels out of range, and bad options', () => {
    expect(() => mixup({ numClasses: K })(randomBatch([2, 1, 2, 2], 1), mulberry32(1))).toThrow(
      'mixup: the batch has no labels; mixup needs int32 class indices in batch.labels (the DataLoader passes them) to make its targets',
    );
    expect(() => mixup({ numClasses: K })(randomBatch([2, 1, 2, 2], 1, [0, 5]), mulberry32(1))).toThrow(
      'mixup: label 5 of image 1 is not a class index in 0..4 (numClasses 5)',
    );
    expect(() => mixup({ numClasses: K })({ ...randomBatch([2, 1, 2, 2], 1), labels: Int32Array.from([1]) }, mulberry32(1))).toThrow(
      'mixup: batch.labels has 1 values but the batch has 2 images',
    );
    expect(() => mixup({ alpha: 0, numClasses: K })).toThrow('mixup: alpha must be a positive number, got 0');
    expect(() => mixup({ numClasses: 2.5 })).toThrow('mixup: numClasses must be a positive integer, got 2.5');
    expect(() => mixup(undefined as unknown as { numClasses: number })).toThrow(
      'mixup: expected an options object { alpha, numClasses }, got undefined',
    );
  });
});

describe('cutmix', () => {
  it('pastes one box of the previous image into each image and weighs the targets by the pasted area', () => {
    const [n, c, h, w] = [4, 3, 16, 12];
    let pasted = 0;
    for (let seed = 0; seed < 50; seed++) {
      // Every pixel of image i is i + 1, so each output pixel says which image it came from.
      const batch = constantImages([n, c, h, w], (i) => i + 1, [0, 1, 2, 3]);
      const out = cutmix({ numClasses: K })(batch, mulberry32(seed));
      expectDistributions(out.targets!, n);
      const fromPrevious = (i: number) => Array.from(out.data.subarray(i * c * h * w, (i + 1) * c * h * w)).map((v) => v !== i + 1);
      const mask = fromPrevious(0);
      for (let i = 0; i < n; i++) {
        const prev = (i + n - 1) % n;
        const values = out.data.subarray(i * c * h * w, (i + 1) * c * h * w);
        expect(values.every((v, k) => v === (mask[k] ? prev + 1 : i + 1))).toBe(true); // the same box in every image
        const area = mask.filter(Boolean).length / (c * h * w);
        expect(out.targets![i * K + prev]).toBeCloseTo(area, 6);
        expect(out.targets![i * K + i]).toBeCloseTo(1 - area, 6);
      }
      pasted += mask.some(Boolean) ? 1 : 0;
      expectRectangle(mask, c, h, w);
    }
    expect(pasted).toBeGreaterThan(40);
  });

  it('rejects a batch without labels', () => {
    expect(() => cutmix({ numClasses: K })(randomBatch([2, 1, 2, 2], 1), mulberry32(1))).toThrow('cutmix: the batch has no labels');
  });

  it('after mixup mixes the mixed targets, which still sum to 1', () => {
    const batch = randomBatch([6, 1, 8, 8], 2, [0, 1, 2, 3, 4, 0]);
    const out = compose([mixup({ numClasses: K }), cutmix({ numClasses: K })])(batch, mulberry32(3));
    expectDistributions(out.targets!, 6);
  });
});

/** The true entries of a [C, H, W] mask form the same rectangle in every channel. */
function expectRectangle(mask: boolean[], c: number, h: number, w: number): void {
  const plane = mask.slice(0, h * w);
  for (let ch = 1; ch < c; ch++) expect(mask.slice(ch * h * w, (ch + 1) * h * w)).toEqual(plane);
  const rows = [...new Set(plane.flatMap((m, k) => (m ? [Math.floor(k / w)] : [])))];
  const cols = [...new Set(plane.flatMap((m, k) => (m ? [k % w] : [])))];
  expect(plane.filter(Boolean).length).toBe(rows.length * cols.length);
}

describe('mixup in a DataLoader', () => {
  let before: number;
  beforeAll(() => setBackend(cpu()));
  beforeEach(() => {
    before = memory().numTensors;
  });
  afterEach(() => expect(memory().numTensors).toBe(before));

  it('turns y into float32 class probabilities [B, numClasses], after a crop that keeps the labels', async () => {
    const images = Uint8Array.from({ length: 6 * 16 }, (_, k) => k);
    const dataset = new ImageDataset({ images, labels: Uint8Array.from([0, 1, 2, 3, 4, 0]), shape: [1, 4, 4], numClasses: K });
    const loader = new DataLoader({
      dataset,
      batchSize: 3,
      seed: 1,
      transform: compose([randomCrop({ size: 3, padding: 1 }), mixup({ numClasses: K })]),
    });
    for await (const { x, y } of loader) {
      expect([x.shape, y.shape, y.dtype]).toEqual([[3, 1, 3, 3], [3, K], 'float32']);
      expectDistributions((await y.data()) as Float32Array, 3);
      x.dispose();
      y.dispose();
    }
  });
});
