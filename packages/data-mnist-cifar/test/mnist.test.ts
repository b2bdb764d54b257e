import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpu } from '@stride/kernels-cpu';
import { memory, setBackend } from '@stride/core-tensor';
import { loadFashionMnist, loadMnist, type ImageDataset } from '../src/index.ts';
import { idxBytes, MNIST_DIR, REAL_DATA_TIMEOUT, useTempDir } from './helpers/files.ts';

// Class counts, first labels and pixel sums computed with numpy from the same files.
const TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

function histogram(labels: ArrayLike<number>): number[] {
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]!++;
  return counts;
}

function pixelSum(images: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < images.length; i++) sum += images[i]!;
  return sum;
}

beforeAll(() => setBackend(cpu()));

describe('loadMnist on the real files', () => {
  let train: ImageDataset;
  let test: ImageDataset;
  beforeAll(async () => {
    [train, test] = await Promise.all([loadMnist({ dir: MNIST_DIR, split: 'train' }), loadMnist({ dir: MNIST_DIR, split: 'test' })]);
  }, REAL_DATA_TIMEOUT);

  it('reads 60000 training images of [1, 28, 28] with 10 classes', () => {
    expect(train.length).toBe(60000);
    expect(train.shape).toEqual([1, 28, 28]);
    expect(train.images.length).toBe(60000 * 784);
    expect(train.numClasses).toBe(10);
  });

  it('reads 10000 test images', () => {
    expect(test.length).toBe(10000);
    expect(test.images.length).toBe(10000 * 784);
  });

  it('starts the training labels with 5 0 4 1 9 and the test labels with 7 2 1 0 4', () => {
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
  });

  it('has the known class counts in each split', () => {
    expect(histogram(train.labels)).toEqual(TRAIN_COUNTS);
    expect(histogram(test.labels)).toEqual(TEST_COUNTS);
  });

  it('has the pixels of the files (sums and row 14 of the first image)', () => {
    expect(pixelSum(train.images)).toBe(1567298545);
    expect(pixelSum(test.images)).toBe(264923200);
    expect(Array.from(train.images.subarray(14 * 28 + 13, 14 * 28 + 19))).toEqual([81, 240, 253, 253, 119, 25]);
  });

  it(
    'defaults to the training split',
    async () => {
      expect((await loadMnist({ dir: MNIST_DIR })).length).toBe(60000);
    },
    REAL_DATA_TIMEOUT,
  );

  it('gives float32 [B, 1, 28, 28] images scaled to [0, 1] and int32 labels from getBatch', async () => {
    const before = memory().numTensors;
    const { x, y } = test.getBatch([0, 1]);
    expect([x.shape, x.dtype, y.shape, y.dtype]).toEqual([[2, 1, 28, 28], 'float32', [2], 'int32']);
    const pixels = await x.data();
    expect(pixels[14 * 28 + 16]).toBeCloseTo(59 / 255, 7);
    expect(Math.max(...pixels)).toBeLessThanOrEqual(1);
    expect(Array.from(await y.data())).toEqual([7, 2]);
    x.dispose();
    y.dispose();
    expect(memory().numTensors).toBe(before);
  });
});

describe('loadMnist file handling', () => {
  const tmp = useTempDir();

  it(
    'reads gzipped IDX files (.gz) to the same dataset',
    async () => {
      for (const name of ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
        await writeFile(join(tmp.dir, `${name}.gz`), gzipSync(await readFile(join(MNIST_DIR, name)), { level: 1 }));
      }
      const [fromGzip, raw] = await Promise.all([loadMnist({ dir: tmp.dir, split: 'test' }), loadMnist({ dir: MNIST_DIR, split: 'test' })]);
      expect(fromGzip.length).toBe(10000);
      expect(Buffer.compare(fromGzip.images, raw.images)).toBe(0);
      expect(Buffer.compare(fromGzip.labels as Uint8Array, raw.labels as Uint8Array)).toBe(0);
    },
    REAL_DATA_TIMEOUT,
  );

  it('names both candidate paths and download() when a file is missing', async () => {
    await expect(loadMnist({ dir: tmp.dir, split: 'test' })).rejects.toThrow(
      /loadMnist: found none of .*t10k-images-idx3-ubyte, .*t10k-images-idx3-ubyte\.gz; download them with download\(\{ dataset: 'mnist', dir \}\)/,
    );
  });

  it('rejects image and label files whose counts disagree', async () => {
    await writeFile(join(tmp.dir, 'train-images-idx3-ubyte'), idxBytes([3, 2, 2], new Uint8Array(12)));
    await writeFile(join(tmp.dir, 'train-labels-idx1-ubyte'), idxBytes([2], [1, 2]));
    await expect(loadMnist({ dir: tmp.dir })).rejects.toThrow(
      /loadMnist: .*train-images-idx3-ubyte has 3 images but .*train-labels-idx1-ubyte has 2 labels/,
    );
  });

  it('rejects a label of 10 or more', async () => {
    await writeFile(join(tmp.dir, 'train-images-idx3-ubyte'), idxBytes([3, 2, 2], new Uint8Array(12)));
    await writeFile(join(tmp.dir, 'train-labels-idx1-ubyte'), idxBytes([3], [1, 10, 2]));
    await expect(loadMnist({ dir: tmp.dir })).rejects.toThrow(
      /loadMnist: .*train-labels-idx1-ubyte has label 10 at record 1, but labels must be in 0\.\.9/,
    );
  });

  it('rejects a file with a wrong magic number, naming the file', async () => {
    await writeFile(join(tmp.dir, 'train-images-idx3-ubyte'), idxBytes([3, 2, 2], new Uint8Array(12)));
    await writeFile(join(tmp.dir, 'train-labels-idx1-ubyte'), new Uint8Array([0, 0, 9, 1, 0, 0, 0, 1, 4]));
    await expect(loadMnist({ dir: tmp.dir })).rejects.toThrow(/loadMnist: .*train-labels-idx1-ubyte: parseIdx: magic number is 0x00000901/);
  });

  it(
    'rejects a truncated real images file',
    async () => {
      const images = await readFile(join(MNIST_DIR, 't10k-images-idx3-ubyte'));
      await writeFile(join(tmp.dir, 't10k-images-idx3-ubyte'), images.subarray(0, images.length - 784));
      await copyFile(join(MNIST_DIR, 't10k-labels-idx1-ubyte'), join(tmp.dir, 't10k-labels-idx1-ubyte'));
      await expect(loadMnist({ dir: tmp.dir, split: 'test' })).rejects.toThrow(
        /need 7840000 data bytes but the file has 7839216 .*\(truncated\)/,
      );
    },
    REAL_DATA_TIMEOUT,
  );

  it('rejects an images file whose dims are not [N, H, W]', async () => {
    await writeFile(join(tmp.dir, 'train-images-idx3-ubyte'), idxBytes([3, 4], new Uint8Array(12)));
    await writeFile(join(tmp.dir, 'train-labels-idx1-ubyte'), idxBytes([3], [1, 2, 3]));
    await expect(loadMnist({ dir: tmp.dir })).rejects.toThrow(/should hold images \[N, H, W\] but has dims \[3, 4\]/);
  });

  it('rejects a split other than train or test', async () => {
    await expect(loadMnist({ dir: tmp.dir, split: 'val' as 'train' })).rejects.toThrow(
      "loadMnist: split must be 'train' or 'test', got 'val'",
    );
  });

  it('reads Fashion-MNIST from the same file names, naming its own dataset in errors', async () => {
    await writeFile(join(tmp.dir, 't10k-images-idx3-ubyte.gz'), gzipSync(idxBytes([2, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7])));
    await writeFile(join(tmp.dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(idxBytes([2], [9, 0])));
    const fashion = await loadFashionMnist({ dir: tmp.dir, split: 'test' });
    expect([fashion.length, fashion.shape, fashion.numClasses, Array.from(fashion.labels)]).toEqual([2, [1, 2, 2], 10, [9, 0]]);
    await expect(loadFashionMnist({ dir: tmp.dir })).rejects.toThrow(/loadFashionMnist: .*download\(\{ dataset: 'fashion-mnist', dir \}\)/);
  });
});
