import { describe, expect, it } from 'vitest';
import { computeMeanStd, ImageDataset, loadMnist } from '../src/index.ts';
import { MNIST_DIR, REAL_DATA_TIMEOUT } from './helpers/files.ts';
import { torchvision } from './helpers/torchvision-fixture.ts';

describe('computeMeanStd', () => {
  it('gives the per-channel mean and population std of PyTorch (x / 255).mean/std(dim=(0, 2, 3))', () => {
    const { shape, pixels, mean, std } = torchvision.meanStd;
    const dataset = new ImageDataset({
      images: Uint8Array.from(pixels),
      labels: new Uint8Array(shape[0]),
      shape: [shape[1], shape[2], shape[3]],
      numClasses: 1,
    });
    const got = computeMeanStd(dataset);
    got.mean.forEach((m, c) => expect(m).toBeCloseTo(mean[c]!, 12));
    got.std.forEach((s, c) => expect(s).toBeCloseTo(std[c]!, 12));
  });

  it(
    'gives the usual MNIST constants 0.1307 and 0.3081 on the real training set',
    async () => {
      const { mean, std } = computeMeanStd(await loadMnist({ dir: MNIST_DIR, split: 'train' }));
      expect([Number(mean[0]!.toFixed(4)), Number(std[0]!.toFixed(4))]).toEqual([0.1307, 0.3081]);
    },
    REAL_DATA_TIMEOUT,
  );

  it('rejects an empty dataset and something that is not one', () => {
    const empty = new ImageDataset({ images: new Uint8Array(0), labels: new Uint8Array(0), shape: [1, 2, 2], numClasses: 1 });
    expect(() => computeMeanStd(empty)).toThrow('computeMeanStd: the dataset has no images');
    expect(() => computeMeanStd({} as ImageDataset)).toThrow('computeMeanStd: dataset.images must be a Uint8Array');
  });
});
