// The loaders of the Node, Bun and Deno entry: files from a directory or a URL.
import type { ByteSource } from '../io/byte-source.js';
import { urlSource } from '../io/fetch-bytes.js';
import { dirSource } from '../io/files.js';
import { readCifar10, readCifar100 } from './cifar.js';
import type { ImageDataset } from './image-dataset.js';
import { readMnistFormat } from './mnist.js';
import {
  chooseSource,
  DEBIAN_FASHION_MNIST_DIR,
  type Cifar100Options,
  type CifarOptions,
  type MnistOptions,
  type SourceOptions,
} from './source-options.js';

/** MNIST handwritten digits from `dir` or `baseUrl`: 60000 train / 10000 test images, [1, 28, 28], 10 classes. */
export async function loadMnist(opts: MnistOptions): Promise<ImageDataset> {
  return readMnistFormat('loadMnist', 'mnist', sourceOf('loadMnist', opts), opts.split);
}

/**
 * Fashion-MNIST (Zalando): MNIST's file names, sizes and 10 classes. Without `dir` or
 * `baseUrl` it reads Debian's dataset-fashion-mnist package where apt installs it.
 */
export async function loadFashionMnist(opts: MnistOptions = {}): Promise<ImageDataset> {
  return readMnistFormat('loadFashionMnist', 'fashion-mnist', sourceOf('loadFashionMnist', opts, debianSource()), opts.split);
}

/** Debian's installed Fashion-MNIST, whose missing-file advice is to install the package. */
export function debianSource(dir = DEBIAN_FASHION_MNIST_DIR): ByteSource {
  return dirSource(dir, () => "install Debian's package (apt-get install dataset-fashion-mnist), or pass dir or baseUrl");
}

/** CIFAR-10 from `dir` or `baseUrl` (the batches in cifar-10-batches-bin/ or at the top). */
export async function loadCifar10(opts: CifarOptions): Promise<ImageDataset> {
  return readCifar10('loadCifar10', sourceOf('loadCifar10', opts), opts.split);
}

/** CIFAR-100 from `dir` or `baseUrl` (train.bin / test.bin in cifar-100-binary/ or at the top). */
export async function loadCifar100(opts: Cifar100Options): Promise<ImageDataset> {
  return readCifar100('loadCifar100', sourceOf('loadCifar100', opts), opts.split, opts.labels);
}

function sourceOf(op: string, opts: SourceOptions, fallback?: ByteSource): ByteSource {
  const chosen = chooseSource(op, opts);
  if (chosen && 'dir' in chosen) return dirSource(chosen.dir);
  if (chosen) return urlSource(chosen.baseUrl);
  if (fallback) return fallback;
  throw new Error(`${op}: give dir (a directory holding the files) or baseUrl (a URL serving them), got neither`);
}
