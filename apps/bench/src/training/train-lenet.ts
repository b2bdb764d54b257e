import { manualSeed, noGrad, setBackend, tensor, tidy, type Backend, type Tensor } from '@stride/core-tensor';
import { SGD } from '@stride/optim';
import { lenet5 } from '@stride/zoo';
import type { Progress } from '../report/progress.js';
import { trainStep } from './train-step.js';
import type { TrainingReport } from '../report/types.js';
import { loadMnistSplit, type MnistSplit } from './mnist.js';

export interface TrainingPlan {
  /** Steps of `batch` images; null for one full epoch (the last batch takes the remainder). */
  steps: number | null;
  batch: number;
  testImages: number;
}

// MNIST's mean and standard deviation, as torchvision's examples normalize it.
const MEAN = 0.1307;
const STD = 0.3081;

/**
 * Trains `@stride/zoo`'s LeNet-5 on the real MNIST training images in file order (SGD, lr 0.01,
 * momentum 0.9), records the loss of every step, scores it on the first test images, and
 * returns conv1's 20 filters for the report's picture.
 */
export async function trainLenet(backend: Backend, plan: TrainingPlan, progress: Progress): Promise<TrainingReport> {
  const started = performance.now();
  setBackend(backend);
  const [train, test] = await Promise.all([loadMnistSplit('train'), loadMnistSplit('test')]);
  const images = plan.steps === null ? train.count : Math.min(train.count, plan.steps * plan.batch);
  const steps = Math.ceil(images / plan.batch);
  manualSeed(7);
  const net = lenet5();
  const opt = new SGD(net.parameters(), { lr: 0.01, momentum: 0.9 });
  const losses: number[] = [];
  progress.start('MNIST LeNet-5', steps + 1);
  try {
    for (let s = 0; s < steps; s++) {
      const start = s * plan.batch;
      const [x, y] = batchOf(train, start, Math.min(plan.batch, images - start));
      const loss = trainStep(net, opt, x, y);
      losses.push((await loss.data())[0]!);
      [loss, x, y].forEach((t) => t.dispose());
      const last = s === steps - 1;
      progress.status(`step ${s + 1}/${steps}, loss ${losses[s]!.toFixed(3)}`);
      progress.step(s % 10 === 9 || last ? `step ${s + 1}/${steps}: loss ${losses[s]!.toFixed(4)}` : undefined);
    }
    const testImages = Math.min(plan.testImages, test.count);
    net.eval();
    const accuracy = await score((t) => net.forward(t), test, testImages);
    progress.step(`test accuracy on ${testImages} images: ${(accuracy * 100).toFixed(1)}%`);
    const filters = net.conv1.weight;
    return {
      dataset: 'MNIST',
      images,
      epochImages: train.count,
      subset: images < train.count,
      note:
        images < train.count
          ? `Trained on a subset: the first ${images} of ${train.count} training images (${steps} steps of ${plan.batch}), not a full epoch.`
          : `Trained for one full epoch: all ${train.count} training images in ${steps} steps of ${plan.batch}.`,
      batch: plan.batch,
      steps,
      losses,
      testImages,
      testAccuracy: accuracy,
      filters: { shape: [...filters.shape], data: Array.from(await filters.data()) },
      durationMs: performance.now() - started,
    };
  } finally {
    progress.end();
    opt.dispose();
    net.dispose();
  }
}

/** Normalized images [n, 1, 28, 28] and int32 labels [n] starting at `start`. */
function batchOf(split: MnistSplit, start: number, n: number): [Tensor, Tensor] {
  const pixels = split.images.subarray(start * 784, (start + n) * 784);
  const x = Float32Array.from(pixels, (p) => (p / 255 - MEAN) / STD);
  const y = Int32Array.from(split.labels.subarray(start, start + n));
  return [tensor(x, [n, 1, 28, 28]), tensor(y, [n], { dtype: 'int32' })];
}

async function score(forward: (x: Tensor) => Tensor, test: MnistSplit, count: number): Promise<number> {
  let correct = 0;
  for (let start = 0; start < count; start += 500) {
    const [x, y] = batchOf(test, start, Math.min(500, count - start));
    const hits = noGrad(() => tidy(() => forward(x).argmax(1).eq(y).sum()));
    correct += (await hits.data())[0]!;
    [hits, x, y].forEach((t) => t.dispose());
  }
  return correct / count;
}
