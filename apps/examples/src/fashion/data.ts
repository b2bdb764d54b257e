import { ImageDataset, mixSeed, mulberry32, permutation, type LabeledImages } from '@stride/data-mnist-cifar';

/** Fashion-MNIST's training-set mean and standard deviation (`computeMeanStd`), for `normalize`. */
export const FASHION_MEAN = 0.286;
export const FASHION_STD = 0.353;

/**
 * The stream the validation split draws from: a fixed tag mixed with the run's seed, distinct from
 * the DataLoader's (seed, epoch, stream) triples. scripts/train_fashion.py draws the same.
 */
const SPLIT_STREAM = 0x5917;

export interface TrainValSplit {
  train: ImageDataset;
  val: ImageDataset;
  /** Indices into the original set, each list ascending. */
  trainIndices: Int32Array;
  valIndices: Int32Array;
}

/**
 * A seeded hold-out split: a permutation of the images (mulberry32 seeded with
 * mixSeed(seed, SPLIT_STREAM), Fisher–Yates) whose first `valSize` entries are the validation
 * images. Both parts keep the original order, so `--limit N` takes the first N training images.
 */
export function splitValidation(dataset: LabeledImages, valSize: number, seed: number): TrainValSplit {
  if (!(Number.isInteger(valSize) && valSize > 0 && valSize < dataset.length)) {
    throw new Error(
      `splitValidation: valSize is ${valSize} (expected an integer in 1..${dataset.length - 1} for ${dataset.length} images)`,
    );
  }
  const order = permutation(dataset.length, mulberry32(mixSeed(seed, SPLIT_STREAM)));
  const valIndices = order.slice(0, valSize).sort();
  const trainIndices = order.slice(valSize).sort();
  return { train: subset(dataset, trainIndices), val: subset(dataset, valIndices), trainIndices, valIndices };
}

/** The images at `indices`, copied into a new dataset in that order. */
export function subset(dataset: LabeledImages, indices: ArrayLike<number>): ImageDataset {
  const [c, h, w] = dataset.shape;
  const size = c * h * w;
  const images = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!(Number.isInteger(i) && i >= 0 && i < dataset.length)) {
      throw new Error(`subset: index ${i} at position ${k} is out of range for a dataset of ${dataset.length} images`);
    }
    images.set(dataset.images.subarray(i * size, (i + 1) * size), k * size);
    labels[k] = dataset.labels[i]!;
  }
  return new ImageDataset({ images, labels, shape: [c, h, w], numClasses: dataset.numClasses });
}

/** The first `n` images (all of them when n ≥ the length). */
export function firstOf(dataset: LabeledImages, n: number): ImageDataset {
  return subset(
    dataset,
    Int32Array.from({ length: Math.min(n, dataset.length) }, (_, i) => i),
  );
}
