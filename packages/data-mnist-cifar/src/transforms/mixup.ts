import { beta } from './distributions.js';
import { checkMixOptions, classDistributions, mixWithPrevious, type MixOptions } from './soft-targets.js';
import type { Transform } from './transform.js';

/**
 * Mixup (Zhang et al. 2018), as torchvision's `transforms.v2.MixUp`: one weight λ ~ Beta(α, α)
 * per batch, each image becomes λ·itself + (1 - λ)·the previous image of the batch, and
 * `targets` the same mix of their one-hot labels: float32 [N, numClasses] class
 * probabilities for `F.crossEntropy`. Needs the batch's int32 `labels`.
 */
export function mixup(opts: MixOptions): Transform {
  const { alpha, numClasses } = checkMixOptions('mixup', opts);
  return (batch, random) => {
    const n = batch.shape[0];
    const classes = classDistributions('mixup', batch, numClasses);
    const lambda = beta(alpha, alpha, random);
    return { ...batch, data: mixWithPrevious(batch.data, n, lambda), targets: mixWithPrevious(classes, n, lambda) };
  };
}
