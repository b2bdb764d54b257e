import { gunzip, isGzip } from '../formats/gzip.js';
import { parseIdx, type IdxArray } from '../formats/idx.js';
import { MNIST_FILE_BYTES } from '../download/resources.js';
import { allInOrder, readFirst, type ByteSource } from '../io/byte-source.js';
import { checkLabels } from './check-labels.js';
import { ImageDataset } from './image-dataset.js';
import { resolveSplit, type Split } from './split.js';

/**
 * An MNIST-format dataset (MNIST, Fashion-MNIST): train-… or t10k-… images and labels as IDX
 * files, each raw or gzipped (`.gz`), read from `source`; 10 classes.
 */
export async function readMnistFormat(op: string, dataset: string, source: ByteSource, split: Split | undefined): Promise<ImageDataset> {
  const prefix = resolveSplit(op, split) === 'train' ? 'train' : 't10k';
  const [images, labels] = await allInOrder([
    readIdx(op, source, `${prefix}-images-idx3-ubyte`, dataset),
    readIdx(op, source, `${prefix}-labels-idx1-ubyte`, dataset),
  ]);
  if (images.array.dims.length !== 3) {
    throw new Error(`${op}: ${images.path} should hold images [N, H, W] but has dims [${images.array.dims.join(', ')}]`);
  }
  if (labels.array.dims.length !== 1) {
    throw new Error(`${op}: ${labels.path} should hold labels [N] but has dims [${labels.array.dims.join(', ')}]`);
  }
  const [n, h, w] = images.array.dims as [number, number, number];
  if (labels.array.dims[0] !== n) {
    throw new Error(`${op}: ${images.path} has ${n} images but ${labels.path} has ${labels.array.dims[0]} labels`);
  }
  checkLabels(op, labels.path, labels.array.data, 10);
  return new ImageDataset({ images: images.array.data, labels: labels.array.data, shape: [1, h, w], numClasses: 10 });
}

async function readIdx(op: string, source: ByteSource, name: MnistFileName, dataset: string): Promise<{ path: string; array: IdxArray }> {
  const { path, bytes } = await readFirst(op, source, [name, `${name}.gz`], dataset);
  try {
    // A .gz may inflate to no more than the real file: MNIST's and Fashion-MNIST's sizes agree.
    return { path, array: parseIdx(isGzip(bytes) ? await gunzip(bytes, { maxBytes: MNIST_FILE_BYTES[name] }) : bytes) };
  } catch (e) {
    throw new Error(`${op}: ${path}: ${(e as Error).message}`, { cause: e });
  }
}

type MnistFileName = keyof typeof MNIST_FILE_BYTES;
