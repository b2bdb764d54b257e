import { compose, mixup, normalize, randomCrop, randomErasing, randomHorizontalFlip, type Transform } from '@stride/data-mnist-cifar';
import { FASHION_MEAN, FASHION_STD } from './data.js';

const fashionNormalize = normalize({ mean: [FASHION_MEAN], std: [FASHION_STD] });

/** What validation and test batches get: only the normalisation. */
export const evalTransform: Transform = fashionNormalize;

/**
 * The training augmentation, in torchvision's order: a 28×28 crop of the image zero-padded by 4,
 * a horizontal flip, normalisation, random erasing (Cutout, after normalize so the box is the
 * mean grey), and mixup of each batch when `mixupAlpha` is given (targets become class
 * probabilities). scripts/train_fashion.py applies the same steps with the same draws.
 */
export function trainTransform(opts: { mixupAlpha?: number; numClasses: number }): Transform {
  const steps = [randomCrop({ size: 28, padding: 4 }), randomHorizontalFlip(), fashionNormalize, randomErasing()];
  if (opts.mixupAlpha !== undefined) steps.push(mixup({ alpha: opts.mixupAlpha, numClasses: opts.numClasses }));
  return compose(steps);
}
