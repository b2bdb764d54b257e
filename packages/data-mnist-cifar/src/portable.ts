// Everything that runs without a file system: what both entries share. src/index.ts adds the
// directory readers (Node, Bun, Deno); src/browser.ts adds their fetch-only twins.

// Parsers
export { parseIdx, type IdxArray } from './formats/idx.js';
export { parseCifarBatch, type CifarBatch, type CifarBatchOptions } from './formats/cifar-batch.js';
export { gunzip, isGzip, DEFAULT_GUNZIP_MAX_BYTES, type GunzipOptions } from './formats/gzip.js';
export { readTar, type TarEntry } from './formats/tar.js';

// Datasets
export { ImageDataset, gatherBatch, type LabeledImages, type ImageShape, type ArrayBatch } from './datasets/image-dataset.js';
export {
  DEBIAN_FASHION_MNIST_DIR,
  type SourceOptions,
  type MnistOptions,
  type CifarOptions,
  type Cifar100Options,
} from './datasets/source-options.js';
export type { Split } from './datasets/split.js';
export { computeMeanStd, type MeanStd } from './datasets/mean-std.js';

// Fetching and checksums
export { fetchBytes, type FetchBytesOptions } from './io/fetch-bytes.js';
export type { DownloadOptions, DownloadedFile } from './download/download-options.js';
export { DATASETS, MNIST_FILE_BYTES, type DatasetName, type DatasetResource, type RemoteFile } from './download/resources.js';
export { sha256Hex } from './download/sha256.js';

// Loading
export { DataLoader, type DataLoaderOptions, type Batch } from './loader/data-loader.js';
export { mulberry32, mixSeed, permutation } from './loader/random.js';

// Batch transforms
export { compose, type Transform, type ImageBatch } from './transforms/transform.js';
export { normalize, type NormalizeOptions } from './transforms/normalize.js';
export { randomCrop, type RandomCropOptions } from './transforms/random-crop.js';
export { randomHorizontalFlip } from './transforms/random-horizontal-flip.js';
export { resize, type ResizeOptions } from './transforms/resize.js';
export { centerCrop, type CenterCropOptions } from './transforms/center-crop.js';
export { randomResizedCrop, type RandomResizedCropOptions } from './transforms/random-resized-crop.js';
export { colorJitter, type ColorJitterOptions, type JitterRange } from './transforms/color-jitter.js';
export { randomErasing, type RandomErasingOptions } from './transforms/random-erasing.js';
export { mixup } from './transforms/mixup.js';
export { cutmix } from './transforms/cutmix.js';
export type { MixOptions } from './transforms/soft-targets.js';
export type { ResizeMode } from './transforms/resample.js';
export type { SizeOption } from './transforms/sizes.js';
