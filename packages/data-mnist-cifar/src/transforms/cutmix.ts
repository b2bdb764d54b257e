import { beta } from './distributions.js';
import { checkMixOptions, classDistributions, mixWithPrevious, type MixOptions } from './soft-targets.js';
import type { Transform } from './transform.js';

/**
 * CutMix (Yun et al. 2019), as torchvision's `transforms.v2.CutMix`: one λ ~ Beta(α, α) and
 * one box per batch, centred at a uniform pixel with sides √(1 - λ)·(H, W) clipped to the
 * image; each image gets the previous image's pixels inside the box, and `targets` mix the
 * two labels by the areas really kept (λ' = 1 - box area / image area). Needs int32 `labels`.
 */
export function cutmix(opts: MixOptions): Transform {
  const { alpha, numClasses } = checkMixOptions('cutmix', opts);
  return (batch, random) => {
    const [n, c, h, w] = batch.shape;
    const classes = classDistributions('cutmix', batch, numClasses);
    const lambda = beta(alpha, alpha, random);
    const centreX = Math.floor(random() * w);
    const centreY = Math.floor(random() * h);
    const half = 0.5 * Math.sqrt(1 - lambda);
    const halfW = Math.trunc(half * w);
    const halfH = Math.trunc(half * h);
    const x1 = Math.max(centreX - halfW, 0);
    const y1 = Math.max(centreY - halfH, 0);
    const x2 = Math.min(centreX + halfW, w);
    const y2 = Math.min(centreY + halfH, h);
    const data = batch.data.slice();
    const image = c * h * w;
    for (let i = 0; i < n; i++) {
      const prev = ((i + n - 1) % n) * image;
      for (let ch = 0; ch < c; ch++) {
        for (let y = y1; y < y2; y++) {
          const row = ch * h * w + y * w;
          data.set(batch.data.subarray(prev + row + x1, prev + row + x2), i * image + row + x1);
        }
      }
    }
    const kept = 1 - ((x2 - x1) * (y2 - y1)) / (w * h);
    return { ...batch, data, targets: mixWithPrevious(classes, n, kept) };
  };
}
