import { tensor, type Backend, type Tensor } from '@stride/core-tensor';
import { checkLabels } from './check-labels.js';

/** Channels, height, width of one image. */
export type ImageShape = readonly [number, number, number];

/** What a DataLoader needs: bytes of N images in NCHW order and one label per image. */
export interface LabeledImages {
  /** N·C·H·W pixel bytes, image after image, each channel-major (NCHW). */
  readonly images: Uint8Array;
  readonly labels: Uint8Array | Int32Array;
  readonly shape: ImageShape;
  readonly length: number;
  readonly numClasses: number;
}

/** A batch as typed arrays: pixels scaled to [0, 1] in [B, C, H, W] order, and labels. */
export interface ArrayBatch {
  data: Float32Array;
  labels: Int32Array;
}

/** An in-memory image classification dataset (what the loaders return). */
export class ImageDataset implements LabeledImages {
  readonly images: Uint8Array;
  readonly labels: Uint8Array | Int32Array;
  readonly shape: ImageShape;
  readonly length: number;
  readonly numClasses: number;

  constructor(init: { images: Uint8Array; labels: Uint8Array | Int32Array; shape: ImageShape; numClasses: number }) {
    const [c, h, w] = init.shape;
    const length = init.labels.length;
    if (init.images.length !== length * c * h * w) {
      throw new Error(
        `ImageDataset: ${length} labels of images shaped [${c}, ${h}, ${w}] need ${length * c * h * w} pixel bytes, but images has ${init.images.length}`,
      );
    }
    checkLabels('ImageDataset', 'labels', init.labels, init.numClasses);
    this.images = init.images;
    this.labels = init.labels;
    this.shape = [c, h, w];
    this.length = length;
    this.numClasses = init.numClasses;
  }

  /**
   * The images at `indices` as a float32 tensor [B, C, H, W] scaled to [0, 1] and their labels
   * as an int32 tensor [B]. The caller owns both and disposes them.
   */
  getBatch(indices: ArrayLike<number>, opts: { backend?: Backend } = {}): { x: Tensor; y: Tensor } {
    const { data, labels } = gatherBatch(this, indices);
    return batchTensors(data, [indices.length, ...this.shape], labels, opts.backend);
  }
}

// ToTensor's scaling, float32(v / 255), looked up rather than divided per pixel.
const SCALE = Float32Array.from({ length: 256 }, (_, v) => v / 255);

/** Copies the images at `indices` into one float32 array scaled to [0, 1], with their labels. */
export function gatherBatch(dataset: LabeledImages, indices: ArrayLike<number>): ArrayBatch {
  const [c, h, w] = dataset.shape;
  const size = c * h * w;
  const data = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  const { images } = dataset;
  for (let b = 0; b < indices.length; b++) {
    const i = indices[b]!;
    if (!(Number.isInteger(i) && i >= 0 && i < dataset.length)) {
      throw new Error(`gatherBatch: index ${i} at position ${b} is out of range for a dataset of ${dataset.length} images`);
    }
    labels[b] = dataset.labels[i]!;
    for (let k = 0, from = i * size, to = b * size; k < size; k++) data[to + k] = SCALE[images[from + k]!]!;
  }
  return { data, labels };
}

/**
 * Float32 images [B, C, H, W] and their labels as tensors on `backend` (default backend if
 * absent): int32 class indices [B], or float32 class probabilities shaped `yShape`.
 */
export function batchTensors(
  data: Float32Array,
  shape: readonly number[],
  y: Int32Array | Float32Array,
  backend?: Backend,
  yShape: readonly number[] = [y.length],
): { x: Tensor; y: Tensor } {
  const x = tensor(data, [...shape], { backend });
  try {
    return { x, y: tensor(y, [...yShape], { dtype: y instanceof Int32Array ? 'int32' : 'float32', backend }) };
  } catch (e) {
    x.dispose();
    throw e;
  }
}
