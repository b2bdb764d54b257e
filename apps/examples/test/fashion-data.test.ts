import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { setBackend } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { DataLoader } from '@stride/data-mnist-cifar';
import { trainTransform } from '../src/fashion/augment.js';
import { firstOf, splitValidation } from '../src/fashion/data.js';
import { fashion, skipFashion, warnIfSkipped } from './helpers/fashion-data.js';

// scripts/train_fashion.py --write-data-fixture re-implements the split, the data order and the
// augmentation in NumPy and writes SHA-256s of what it makes; Stride must make the same bytes, so
// the PyTorch comparison trains on exactly the batches the TypeScript run sees.
interface Fixture {
  seed: number;
  valSize: number;
  limit: number;
  batchSize: number;
  valIndices: string;
  trainIndices: string;
  valIndicesHead: number[];
  batches: { mixup: number | null; epoch: number; batch: number; x: string; y: string }[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/fashion-data.json', import.meta.url), 'utf8')) as Fixture;
const sha256 = (a: ArrayBufferView) =>
  createHash('sha256')
    .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
    .digest('hex');

warnIfSkipped('fashion-data.test.ts');
describe.skipIf(skipFashion)('the Fashion-MNIST data of train-fashion, against scripts/train_fashion.py', () => {
  it('splits, orders and augments (with and without mixup) exactly as the PyTorch script', async () => {
    setBackend(cpu());
    const split = splitValidation(await fashion('train'), fixture.valSize, fixture.seed);
    expect([...split.valIndices.slice(0, 8)]).toEqual(fixture.valIndicesHead);
    expect(sha256(split.valIndices)).toBe(fixture.valIndices);
    expect(sha256(split.trainIndices)).toBe(fixture.trainIndices);
    const train = firstOf(split.train, fixture.limit);
    for (const mixup of [null, 0.4]) {
      const loader = new DataLoader({
        dataset: train,
        batchSize: fixture.batchSize,
        shuffle: true,
        seed: fixture.seed,
        dropLast: true,
        transform: trainTransform({ mixupAlpha: mixup ?? undefined, numClasses: 10 }),
      });
      for (const epoch of [0, 3]) {
        loader.epoch = epoch;
        let b = 0;
        for await (const { x, y } of loader) {
          const expected = fixture.batches.find((c) => c.mixup === mixup && c.epoch === epoch && c.batch === b)!;
          const got = { x: sha256(await x.data()), y: sha256(await y.data()) };
          x.dispose();
          y.dispose();
          expect(got, `mixup ${mixup}, epoch ${epoch}, batch ${b}`).toEqual({ x: expected.x, y: expected.y });
          if (++b === 3) break;
        }
      }
    }
  }, 120_000);
});
