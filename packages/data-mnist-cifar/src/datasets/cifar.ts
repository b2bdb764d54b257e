import { parseCifarBatch, CIFAR_PIXELS, type CifarBatch } from '../formats/cifar-batch.js';
import { allInOrder, readFirst, type ByteSource } from '../io/byte-source.js';
import { ImageDataset } from './image-dataset.js';
import { resolveSplit, type Split } from './split.js';

/** CIFAR-10 from `source`: data_batch_1..5.bin (50000) or test_batch.bin (10000), [3, 32, 32], 10 classes. */
export async function readCifar10(op: string, source: ByteSource, split: Split | undefined): Promise<ImageDataset> {
  const files = resolveSplit(op, split) === 'train' ? [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`) : ['test_batch.bin'];
  const batches = await readBatches(op, source, 'cifar-10-batches-bin', files, 10, 'cifar10');
  const { images, labels } = concat(batches, (b) => b.labels);
  return new ImageDataset({ images, labels, shape: [3, 32, 32], numClasses: 10 });
}

/** CIFAR-100 from `source`: train.bin (50000) or test.bin (10000), [3, 32, 32], 100 fine or 20 coarse classes. */
export async function readCifar100(
  op: string,
  source: ByteSource,
  split: Split | undefined,
  labels: 'fine' | 'coarse' | undefined,
): Promise<ImageDataset> {
  const kind = labels ?? 'fine';
  if (kind !== 'fine' && kind !== 'coarse') throw new Error(`${op}: labels must be 'fine' or 'coarse', got '${String(kind)}'`);
  const files = [resolveSplit(op, split) === 'train' ? 'train.bin' : 'test.bin'];
  const batches = await readBatches(op, source, 'cifar-100-binary', files, 100, 'cifar100');
  const { images, labels: chosen } = concat(batches, (b) => (kind === 'fine' ? b.labels : b.coarseLabels!));
  return new ImageDataset({ images, labels: chosen, shape: [3, 32, 32], numClasses: kind === 'fine' ? 100 : 20 });
}

/** Each batch file, looked for in the archive's folder first, then at the top of the source. */
async function readBatches(
  op: string,
  source: ByteSource,
  folder: string,
  files: string[],
  variant: 10 | 100,
  dataset: string,
): Promise<CifarBatch[]> {
  return allInOrder(
    files.map(async (file) => {
      const { path, bytes } = await readFirst(op, source, [`${folder}/${file}`, file], dataset);
      try {
        return parseCifarBatch(bytes, { variant });
      } catch (e) {
        throw new Error(`${op}: ${path}: ${(e as Error).message}`, { cause: e });
      }
    }),
  );
}

function concat(batches: CifarBatch[], labelsOf: (b: CifarBatch) => Uint8Array): { images: Uint8Array; labels: Uint8Array } {
  if (batches.length === 1) return { images: batches[0]!.images, labels: labelsOf(batches[0]!) };
  const total = batches.reduce((n, b) => n + b.length, 0);
  const images = new Uint8Array(total * CIFAR_PIXELS);
  const labels = new Uint8Array(total);
  let at = 0;
  for (const b of batches) {
    images.set(b.images, at * CIFAR_PIXELS);
    labels.set(labelsOf(b), at);
    at += b.length;
  }
  return { images, labels };
}
