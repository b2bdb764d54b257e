import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functional as F, loadSafetensors, memory, noGrad, setBackend, tidy } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { DataLoader } from '@stride/data-mnist-cifar';
import { loadCheckpointFile } from '@stride/optim/fs';
import { resnet20 } from '@stride/zoo';
import { evalTransform } from '../src/fashion/augment.js';
import { firstOf, splitValidation } from '../src/fashion/data.js';
import type { Recipe } from '../src/fashion/recipe.js';
import { LAST, runFashion, type FashionData, type FashionResult } from '../src/fashion/run.js';
import { fashion, skipFashion, warnIfSkipped } from './helpers/fashion-data.js';

// The recipe as CI can afford it: 2,000 training images, 500 validation and 500 test images, two
// warm-restart cycles of one epoch each (15 batches of 128 per epoch).
const recipe: Recipe = { epochs: 2, batchSize: 128, lr: 0.1, t0: 1, tMult: 1, mixup: undefined, patience: 10, snapshots: 2, seed: 0 };
const quiet = () => undefined;

warnIfSkipped('fashion-recipe.test.ts');
describe.skipIf(skipFashion)('train-fashion on a 2,000-image subset of Fashion-MNIST', () => {
  let data: FashionData;
  let dir: string;
  beforeAll(async () => {
    setBackend(cpu());
    const split = splitValidation(await fashion('train'), 5000, recipe.seed);
    data = { train: firstOf(split.train, 2000), val: firstOf(split.val, 500), test: firstOf(await fashion('test'), 500) };
    dir = await mkdtemp(join(tmpdir(), 'stride-fashion-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lowers the loss, resumes after cycle 1 bit for bit, and evaluates the snapshot ensemble', async () => {
    const before = memory().numTensors;
    const whole = await runFashion(data, recipe, { out: join(dir, 'whole'), log: quiet });
    const [first, second] = whole.history;
    expect(second!.trainLoss).toBeLessThan(first!.trainLoss);

    // Interrupted after the first cycle, then resumed into another directory (the checkpoint
    // brings the best model and the first snapshot along).
    const stopped = await runFashion(data, recipe, { out: join(dir, 'part1'), stopAfter: 1, log: quiet });
    expect(stopped.history).toHaveLength(1);
    expect(stopped.test).toBeNull();
    const resumed = await runFashion(data, recipe, { out: join(dir, 'part2'), resume: join(dir, 'part1', LAST), log: quiet });

    const wholeLast = await readFile(join(dir, 'whole', LAST));
    const resumedLast = await readFile(join(dir, 'part2', LAST));
    const a = loadSafetensors(wholeLast);
    const b = loadSafetensors(resumedLast);
    for (const key of Object.keys(a)) {
      expect(Buffer.from(b[key]!.dataSync().buffer).equals(Buffer.from(a[key]!.dataSync().buffer)), key).toBe(true);
    }
    expect(Object.keys(b)).toEqual(Object.keys(a)); // weights, BatchNorm buffers and momentum buffers
    [...Object.values(a), ...Object.values(b)].forEach((t) => t.dispose());
    expect(resumedLast.equals(wholeLast)).toBe(true); // the metadata (schedule, early stopping, history) too
    expect(resumed.history).toEqual(whole.history);
    expect(resumed.test).toEqual(whole.test);

    // The ensemble is the mean of its members' softmax probabilities, recomputed here by hand.
    const ensemble = whole.test!.ensemble!;
    expect(ensemble.members.map((m) => m.epoch)).toEqual([1, 2]);
    expect(ensemble.testAccuracy).toBe(await meanSoftmaxAccuracy(join(dir, 'whole'), ensemble.members, data));
    expectFinished(whole);
    expect(memory().numTensors).toBe(before);
  }, 600_000);

  it('refuses to resume with another recipe, naming what differs', async () => {
    await expect(
      runFashion(data, { ...recipe, t0: 2 }, { out: join(dir, 'other'), resume: join(dir, 'part1', LAST), log: quiet }),
    ).rejects.toThrow(/--resume .*last\.safetensors was written by another recipe: t0 1 there but 2 here \(expected the same options\)/);
  }, 60_000);
});

function expectFinished(result: FashionResult): void {
  const test = result.test!;
  expect(test.best!.epoch).toBeGreaterThanOrEqual(1);
  expect(test.best!.valAccuracy).toBe(Math.max(...result.history.map((h) => h.valAccuracy)));
  for (const value of [test.finalTestAccuracy, test.best!.testAccuracy, test.ensemble!.testAccuracy]) {
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(1);
  }
}

async function meanSoftmaxAccuracy(dir: string, members: readonly { file: string }[], data: FashionData): Promise<number> {
  const models = await Promise.all(
    members.map(async (m) => {
      const model = resnet20({ inChannels: 1 });
      await loadCheckpointFile(join(dir, m.file), { model });
      model.eval();
      return model;
    }),
  );
  let correct = 0;
  for await (const { x, y } of new DataLoader({ dataset: data.test, batchSize: 100, transform: evalTransform })) {
    const hits = noGrad(() =>
      tidy(() => {
        const probabilities = models.map((m) => F.softmax(m.forward(x), 1));
        return probabilities
          .reduce((s, p) => s.add(p))
          .div(models.length)
          .argmax(1)
          .eq(y)
          .sum();
      }),
    );
    correct += await hits.item();
    [hits, x, y].forEach((t) => t.dispose());
  }
  models.forEach((m) => m.dispose());
  return correct / data.test.length;
}
