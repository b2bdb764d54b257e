// The loaders of the browser entry: the same functions as the Node one, reading with fetch
// only, since a browser has no file system.
import { urlSource } from '../io/fetch-bytes.js';
import type { ByteSource } from '../io/byte-source.js';
import { readCifar10, readCifar100 } from './cifar.js';
import type { ImageDataset } from './image-dataset.js';
import { readMnistFormat } from './mnist.js';
import { chooseSource, type Cifar100Options, type CifarOptions, type MnistOptions, type SourceOptions } from './source-options.js';

/** MNIST fetched from `baseUrl`: 60000 train / 10000 test images, [1, 28, 28], 10 classes. */
export async function loadMnist(opts: MnistOptions): Promise<ImageDataset> {
  return readMnistFormat('loadMnist', 'mnist', sourceOf('loadMnist', opts), opts.split);
}

/** Fashion-MNIST fetched from `baseUrl`. */
export async function loadFashionMnist(opts: MnistOptions = {}): Promise<ImageDataset> {
  return readMnistFormat('loadFashionMnist', 'fashion-mnist', sourceOf('loadFashionMnist', opts), opts.split);
}

/** CIFAR-10 fetched from `baseUrl` (the batches under cifar-10-batches-bin/ or at the top). */
export async function loadCifar10(opts: CifarOptions): Promise<ImageDataset> {
  return readCifar10('loadCifar10', sourceOf('loadCifar10', opts), opts.split);
}

/** CIFAR-100 fetched from `baseUrl` (train.bin / test.bin under cifar-100-binary/ or at the top). */
export async function loadCifar100(opts: Cifar100Options): Promise<ImageDataset> {
  return readCifar100('loadCifar100', sourceOf('loadCifar100', opts), opts.split, opts.labels);
}

function sourceOf(op: string, opts: SourceOptions): ByteSource {
  const chosen = chooseSource(op, opts);
  if (chosen && 'baseUrl' in chosen) return urlSource(chosen.baseUrl);
  if (chosen) {
    throw new Error(
      `${op}: dir needs a file system, which the browser build of @stride/data-mnist-cifar has not; serve the files and pass baseUrl`,
    );
  }
  throw new Error(`${op}: give baseUrl (a URL serving the files), got neither dir nor baseUrl`);
}
