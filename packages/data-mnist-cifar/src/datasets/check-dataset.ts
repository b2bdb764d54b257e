import { describe } from '../errors/describe.js';
import type { LabeledImages } from './image-dataset.js';

/** Checks that `dataset` is what a DataLoader can read: image bytes, labels and a shape that agree. */
export function checkLabeledImages(op: string, dataset: LabeledImages | undefined): void {
  const expected = 'an ImageDataset or an object with images (Uint8Array), labels, shape [C, H, W], length and numClasses';
  if (typeof dataset !== 'object' || dataset === null)
    throw new Error(`${op}: dataset is required (${expected}), got ${describe(dataset)}`);
  const { images, labels, shape, length } = dataset;
  if (!(images instanceof Uint8Array)) throw new Error(`${op}: dataset.images must be a Uint8Array (${expected}), got ${describe(images)}`);
  if (!(labels instanceof Uint8Array || labels instanceof Int32Array)) {
    throw new Error(`${op}: dataset.labels must be a Uint8Array or Int32Array, got ${describe(labels)}`);
  }
  if (!(Array.isArray(shape) && shape.length === 3 && shape.every((s) => Number.isSafeInteger(s) && s > 0))) {
    throw new Error(`${op}: dataset.shape must be [C, H, W] of positive integers, got ${describe(shape)}`);
  }
  if (!(Number.isSafeInteger(length) && length >= 0 && labels.length === length)) {
    throw new Error(`${op}: dataset.length must be the number of labels (${labels.length}), got ${describe(length)}`);
  }
  const [c, h, w] = shape;
  if (images.length !== length * c * h * w) {
    throw new Error(
      `${op}: dataset has ${length} images of [${c}, ${h}, ${w}] (${length * c * h * w} bytes) but images holds ${images.length} bytes`,
    );
  }
}
