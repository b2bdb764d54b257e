import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cpu } from '@stride/kernels-cpu';
import { memory, setBackend } from '@stride/core-tensor';
import { DataLoader, ImageDataset, loadMnist, normalize, randomHorizontalFlip, type Batch, type DataLoaderOptions } from '../src/index.ts';
import { MNIST_DIR, REAL_DATA_TIMEOUT } from './helpers/files.ts';

/** N images of [1, 2, 2] whose every pixel is the image's index; label = index % 3. */
function indexed(n: number): ImageDataset {
  const images = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) images.fill(i, i * 4, i * 4 + 4);
  return new ImageDataset({ images, labels: Uint8Array.from({ length: n }, (_, i) => i % 3), shape: [1, 2, 2], numClasses: 3 });
}

interface Seen {
  xShape: readonly number[];
  xDtype: string;
  yShape: readonly number[];
  yDtype: string;
  x: number[];
  y: number[];
  indices: number[];
}

/** Runs one epoch, reading then disposing every batch. */
async function epoch(loader: DataLoader): Promise<Seen[]> {
  const seen: Seen[] = [];
  for await (const { x, y, indices } of loader) {
    seen.push({
      xShape: x.shape,
      xDtype: x.dtype,
      yShape: y.shape,
      yDtype: y.dtype,
      x: Array.from(await x.data()),
      y: Array.from(await y.data()),
      indices: Array.from(indices),
    });
    x.dispose();
    y.dispose();
  }
  return seen;
}

const order = (batches: Seen[]) => batches.flatMap((b) => b.indices);
const loader = (opts: Partial<DataLoaderOptions>) => new DataLoader({ dataset: indexed(10), batchSize: 4, ...opts });

let before: number;
beforeAll(() => setBackend(cpu()));
beforeEach(() => {
  before = memory().numTensors;
});
afterEach(() => {
  expect(memory().numTensors).toBe(before);
});

describe('DataLoader batches', () => {
  it('yields float32 x [B, C, H, W] and int32 y [B], the last batch partial', async () => {
    const batches = await epoch(loader({}));
    expect(batches.map((b) => [b.xShape, b.xDtype, b.yShape, b.yDtype])).toEqual([
      [[4, 1, 2, 2], 'float32', [4], 'int32'],
      [[4, 1, 2, 2], 'float32', [4], 'int32'],
      [[2, 1, 2, 2], 'float32', [2], 'int32'],
    ]);
  });

  it('visits images in dataset order without shuffle, pixels scaled to [0, 1] and labels matching', async () => {
    const [first] = await epoch(loader({}));
    expect(first!.indices).toEqual([0, 1, 2, 3]);
    expect(first!.x).toEqual([0, 1, 2, 3].flatMap((i) => new Array(4).fill(Math.fround(i / 255))));
    expect(first!.y).toEqual([0, 1, 2, 0]);
  });

  it('has length ceil(N / batchSize), or floor with dropLast', () => {
    expect([loader({}).length, loader({ dropLast: true }).length, loader({ batchSize: 5, dropLast: true }).length]).toEqual([3, 2, 2]);
  });

  it('drops the partial last batch with dropLast', async () => {
    const batches = await epoch(loader({ dropLast: true }));
    expect(batches.map((b) => b.yShape)).toEqual([[4], [4]]);
    expect(order(batches)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('defaults to batches of one', () => {
    expect(new DataLoader({ dataset: indexed(3) }).length).toBe(3);
  });

  it('rejects a batchSize that is not a positive integer', () => {
    expect(() => loader({ batchSize: 0 })).toThrow('DataLoader: batchSize must be a positive integer, got 0');
  });
});

describe('DataLoader shuffle', () => {
  it('visits every index exactly once per epoch, with each x and y belonging to its index', async () => {
    const l = loader({ shuffle: true, seed: 7 });
    for (let e = 0; e < 3; e++) {
      const batches = await epoch(l);
      expect([...order(batches)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const b of batches) {
        expect(b.x).toEqual(b.indices.flatMap((i) => new Array(4).fill(Math.fround(i / 255))));
        expect(b.y).toEqual(b.indices.map((i) => i % 3));
      }
    }
  });

  it('gives the same order for the same seed', async () => {
    const [a, b] = [loader({ shuffle: true, seed: 42 }), loader({ shuffle: true, seed: 42 })];
    for (let e = 0; e < 2; e++) expect(order(await epoch(a))).toEqual(order(await epoch(b)));
  });

  it('gives a different order for another seed', async () => {
    expect(order(await epoch(loader({ shuffle: true, seed: 1 })))).not.toEqual(order(await epoch(loader({ shuffle: true, seed: 2 }))));
  });

  it('draws a new permutation each epoch, reproducible by setting epoch back', async () => {
    const l = loader({ shuffle: true, seed: 3 });
    const first = order(await epoch(l));
    const second = order(await epoch(l));
    expect(second).not.toEqual(first);
    l.epoch = 0;
    expect(order(await epoch(l))).toEqual(first);
  });
});

describe('DataLoader transforms', () => {
  it('applies the transform to each batch after scaling', async () => {
    const [first] = await epoch(loader({ transform: normalize({ mean: [0.5], std: [0.5] }) }));
    expect(first!.x.slice(0, 4)).toEqual(new Array(4).fill(-1));
  });

  it('seeds augmentation from the loader seed: same seed, same flips', async () => {
    // Images 0..2 of [1, 1, 2] with distinct left and right pixels, so a flip shows.
    const dataset = new ImageDataset({
      images: Uint8Array.from([0, 1, 2, 3, 4, 5]),
      labels: new Uint8Array(3),
      shape: [1, 1, 2],
      numClasses: 1,
    });
    const make = (seed: number) => new DataLoader({ dataset, batchSize: 3, seed, transform: randomHorizontalFlip() });
    const runs = await Promise.all([make(5), make(5)].map(async (l) => [...(await epoch(l)), ...(await epoch(l))].map((b) => b.x)));
    expect(runs[0]).toEqual(runs[1]);
    const flips = new Set<string>();
    for (let seed = 0; seed < 8; seed++) flips.add(JSON.stringify((await epoch(make(seed)))[0]!.x));
    expect(flips.size).toBeGreaterThan(1);
  });
});

describe('DataLoader memory', () => {
  it('creates exactly the two tensors of each batch, which the caller disposes', async () => {
    const l = loader({ shuffle: true, seed: 1 });
    const held: Batch[] = [];
    for await (const batch of l) held.push(batch);
    expect(memory().numTensors).toBe(before + 2 * l.length);
    for (const { x, y } of held) {
      x.dispose();
      y.dispose();
    }
  });

  it('leaves nothing behind when the loop breaks early', async () => {
    for await (const { x, y } of loader({})) {
      x.dispose();
      y.dispose();
      break;
    }
  });
});

describe('DataLoader on MNIST', () => {
  it(
    'yields normalized [64, 1, 28, 28] batches of the real test set',
    async () => {
      const test = await loadMnist({ dir: MNIST_DIR, split: 'test' });
      const l = new DataLoader({ dataset: test, batchSize: 64, transform: normalize({ mean: [0.1307], std: [0.3081] }) });
      expect(l.length).toBe(157);
      for await (const { x, y } of l) {
        expect(x.shape).toEqual([64, 1, 28, 28]);
        expect(Array.from((await y.data()).subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
        const pixels = await x.data();
        // A background pixel is (0 - 0.1307) / 0.3081.
        expect(pixels[0]).toBeCloseTo(-0.1307 / 0.3081, 6);
        x.dispose();
        y.dispose();
        break;
      }
    },
    REAL_DATA_TIMEOUT,
  );
});
