import { gunzip, isGzip } from '../formats/gzip.js';
import { parseIdx, type IdxArray } from '../formats/idx.js';
import { allInOrder, joinPath, readFirst } from '../io/files.js';
import { checkLabels } from './check-labels.js';
import { ImageDataset } from './image-dataset.js';
import { resolveSplit, type Split } from './split.js';

export interface MnistOptions {
  /** Directory holding the four IDX files, each either raw or gzipped (`.gz`). */
  dir: string;
  split?: Split;
}

/** MNIST handwritten digits: 60000 train / 10000 test images, [1, 28, 28], 10 classes. */
export function loadMnist(opts: MnistOptions): Promise<ImageDataset> {
  return loadIdxDataset('loadMnist', 'mnist', opts);
}

/** Fashion-MNIST (Zalando): the same IDX file names, sizes and 10 classes as MNIST. */
export function loadFashionMnist(opts: MnistOptions): Promise<ImageDataset> {
  return loadIdxDataset('loadFashionMnist', 'fashion-mnist', opts);
}

async function loadIdxDataset(op: string, dataset: string, opts: MnistOptions): Promise<ImageDataset> {
  const prefix = resolveSplit(op, opts.split) === 'train' ? 'train' : 't10k';
  const hint = `download them with download({ dataset: '${dataset}', dir })`;
  const [images, labels] = await allInOrder([
    readIdx(op, opts.dir, `${prefix}-images-idx3-ubyte`, hint),
    readIdx(op, opts.dir, `${prefix}-labels-idx1-ubyte`, hint),
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

async function readIdx(op: string, dir: string, name: string, hint: string): Promise<{ path: string; array: IdxArray }> {
  const { path, bytes } = await readFirst(op, [joinPath(dir, name), joinPath(dir, `${name}.gz`)], hint);
  try {
    return { path, array: parseIdx(isGzip(bytes) ? await gunzip(bytes) : bytes) };
  } catch (e) {
    throw new Error(`${op}: ${path}: ${(e as Error).message}`, { cause: e });
  }
}
