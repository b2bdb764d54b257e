import { noGrad, tidy, type Tensor } from '@stride/core-tensor';
import { DataLoader, ImageDataset, normalize, type LabeledImages } from '@stride/data-mnist-cifar';
import type { Module } from '@stride/layers';
import type { Hyperparameters, Optimizer, ParamState } from '@stride/optim';
import { Progress } from './progress.js';
import { trainingStep } from './training-step.js';

/** MNIST's mean and standard deviation, the usual normalisation (as torchvision's examples). */
export const mnistNormalize = normalize({ mean: [0.1307], std: [0.3081] });

export interface EpochResult {
  loss: number;
  accuracy: number;
  seconds: number;
  imagesPerSecond: number;
}

/** Something stepped once per batch, after the optimizer (a per-step lr schedule). */
export interface PerStep {
  step(): void;
}

/** One epoch of the canonical training step, with a progress bar. */
export async function trainEpoch(
  model: Module,
  opt: Optimizer<Hyperparameters, ParamState>,
  loader: DataLoader,
  label: string,
  schedule?: PerStep,
): Promise<EpochResult> {
  model.train();
  const total = loader.dropLast ? Math.floor(loader.dataset.length / loader.batchSize) * loader.batchSize : loader.dataset.length;
  const progress = new Progress(label, total);
  let seen = 0;
  let lossSum = 0;
  let correct = 0;
  for await (const { x, y } of loader) {
    const [loss, hits] = trainingStep(model, opt, x, y, undefined, () => schedule?.step());
    const n = x.shape[0]!;
    lossSum += (await loss.item()) * n;
    correct += await hits.item();
    seen += n;
    [loss, hits, x, y].forEach((t) => t.dispose());
    progress.update(seen, { loss: (lossSum / seen).toFixed(4), acc: `${((100 * correct) / seen).toFixed(2)}%` });
  }
  const seconds = progress.finish();
  return { loss: lossSum / seen, accuracy: correct / seen, seconds, imagesPerSecond: seen / seconds };
}

/** Accuracy on a dataset in eval mode, without a graph. */
export async function evaluate(model: Module, dataset: LabeledImages, batchSize = 500): Promise<number> {
  model.eval();
  const loader = new DataLoader({ dataset, batchSize, transform: mnistNormalize });
  let correct = 0;
  for await (const { x, y } of loader) {
    const hits = noGrad(() => tidy(() => (model.forward(x) as Tensor).argmax(1).eq(y).sum()));
    correct += await hits.item();
    [hits, x, y].forEach((t) => t.dispose());
  }
  return correct / dataset.length;
}

/** The first `n` images of a dataset (all of them when n ≥ its length). */
export function firstImages(ds: ImageDataset, n: number): ImageDataset {
  if (n >= ds.length) return ds;
  const pixels = ds.shape[0] * ds.shape[1] * ds.shape[2];
  return new ImageDataset({
    images: ds.images.subarray(0, n * pixels),
    labels: ds.labels.subarray(0, n),
    shape: ds.shape,
    numClasses: ds.numClasses,
  });
}
