/**
 * A batch of images as a flat float32 array in [B, C, H, W] order, with the images'
 * labels when the DataLoader runs the transform.
 */
export interface ImageBatch {
  readonly data: Float32Array;
  readonly shape: readonly [number, number, number, number];
  /** Int32 class indices [B]; `mixup` and `cutmix` need them. */
  readonly labels?: Int32Array;
  /** Float32 class probabilities [B, numClasses], set by `mixup` / `cutmix`; the DataLoader's `y` then holds them. */
  readonly targets?: Float32Array;
}

/**
 * A batch transform: whole-batch loops over typed arrays, never a closure per pixel.
 * It may change `data` in place and may return a new shape (a crop does), keeping the
 * batch's other fields (`{ ...batch, data, shape }`). `random` draws uniform numbers in
 * [0, 1) from the DataLoader's seeded stream.
 */
export type Transform = (batch: ImageBatch, random: () => number) => ImageBatch;

/** Applies `transforms` in order, like torchvision's `Compose`. */
export function compose(transforms: readonly Transform[]): Transform {
  return (batch, random) => transforms.reduce((b, t) => t(b, random), batch);
}
