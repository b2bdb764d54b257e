import { functional as F, tidy } from '@stride/core-tensor';
import { DataLoader, compose, normalize, randomCrop, randomHorizontalFlip, type LabeledImages } from '@stride/data-mnist-cifar';
import type { Module } from '@stride/layers';
import { SGD, CosineAnnealingLR } from '@stride/optim';
import { Progress } from './progress.js';

/** CIFAR-10's per-channel mean and standard deviation. */
const cifarNormalize = normalize({ mean: [0.4914, 0.4822, 0.4465], std: [0.247, 0.2435, 0.2616] });

/** He et al.'s augmentation: 4-pixel padding with a random 32×32 crop, and horizontal flips. */
export const cifarAugment = compose([randomCrop({ size: 32, padding: 4 }), randomHorizontalFlip(), cifarNormalize]);

export interface CifarRun {
  epochLosses: number[];
  imagesPerSecond: number;
}

/**
 * Trains with SGD (momentum 0.9, weight decay 5e-4) and a cosine learning rate from `lr`, as
 * the CIFAR ResNet recipes do, and returns the mean loss of each epoch.
 */
export async function trainCifar(
  model: Module,
  dataset: LabeledImages,
  opts: { epochs: number; batchSize: number; lr: number; seed: number },
): Promise<CifarRun> {
  const loader = new DataLoader({
    dataset,
    batchSize: opts.batchSize,
    shuffle: true,
    seed: opts.seed,
    dropLast: true,
    transform: cifarAugment,
  });
  const opt = new SGD(model.parameters(), { lr: opts.lr, momentum: 0.9, weightDecay: 5e-4 });
  const schedule = new CosineAnnealingLR(opt, { tMax: opts.epochs * Math.max(1, Math.floor(dataset.length / opts.batchSize)) });
  const epochLosses: number[] = [];
  let images = 0;
  let seconds = 0;
  model.train();
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const progress = new Progress(`epoch ${epoch}/${opts.epochs}`, Math.floor(dataset.length / opts.batchSize) * opts.batchSize);
    let seen = 0;
    let lossSum = 0;
    for await (const { x, y } of loader) {
      // The canonical step as optim's and kernels-webgpu's tests write it (they cannot import an
      // app); not training-step.ts's trainingStep, which would also count hits this loop ignores.
      const loss = tidy(() => {
        opt.zeroGrad();
        const loss = F.crossEntropy(model.forward(x), y);
        loss.backward();
        opt.step();
        return loss;
      });
      schedule.step();
      const n = x.shape[0]!;
      lossSum += (await loss.item()) * n;
      seen += n;
      [loss, x, y].forEach((t) => t.dispose());
      progress.update(seen, { loss: (lossSum / seen).toFixed(4), lr: schedule.getLastLr()[0]!.toFixed(4) });
    }
    seconds += progress.finish();
    images += seen;
    epochLosses.push(lossSum / seen);
  }
  opt.dispose();
  return { epochLosses, imagesPerSecond: images / seconds };
}
