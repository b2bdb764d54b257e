import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualSeed, memory, setBackend } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { loadCifar10 } from '@stride/data-mnist-cifar';
import { resnet20 } from '@stride/zoo';
import { trainCifar } from '../src/cifar-training.js';
import { writeSyntheticCifar10 } from '../src/synthetic-cifar.js';

describe('resnet20 on a CIFAR-format set written by the test', () => {
  let dir: string;
  beforeAll(async () => {
    setBackend(cpu());
    dir = await mkdtemp(join(tmpdir(), 'stride-cifar-test-'));
    await writeSyntheticCifar10(dir, 320, 64);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true });
  });

  it('loads the binary batches and the training loss falls with augmentation', async () => {
    const train = await loadCifar10({ dir, split: 'train' });
    expect(train.length).toBe(320);
    const before = memory().numTensors;
    manualSeed(0);
    const model = resnet20();
    const run = await trainCifar(model, train, { epochs: 2, batchSize: 32, lr: 0.05, seed: 0 });
    model.dispose();
    expect(run.epochLosses[1]!).toBeLessThan(run.epochLosses[0]!);
    expect(memory().numTensors).toBe(before);
  }, 600_000);
});
