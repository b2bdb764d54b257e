import { describe } from '../errors/describe.js';
import { checkOptionsObject } from './options.js';
import type { Transform } from './transform.js';

export interface NormalizeOptions {
  /** Per-channel mean (one value applies to every channel). */
  mean: readonly number[];
  /** Per-channel standard deviation (one value applies to every channel). */
  std: readonly number[];
}

/** `(x - mean[c]) / std[c]` per channel, as torchvision's `Normalize` (on pixels already scaled to [0, 1]). */
export function normalize(opts: NormalizeOptions): Transform {
  checkOptionsObject('normalize', opts, 'mean, std');
  for (const name of ['mean', 'std'] as const) {
    const values: unknown = opts[name];
    if (!(Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === 'number' && Number.isFinite(v)))) {
      throw new Error(
        `normalize: ${name} must be a non-empty list of finite numbers (one per channel, or one for all), got ${describe(values)}`,
      );
    }
  }
  const mean = Float32Array.from(opts.mean);
  const std = Float32Array.from(opts.std);
  if (std.some((s) => s === 0)) throw new Error(`normalize: std must be non-zero, got [${opts.std.join(', ')}]`);
  return (batch) => {
    const [b, c, h, w] = batch.shape;
    for (const [name, values] of [
      ['mean', mean],
      ['std', std],
    ] as const) {
      if (values.length !== 1 && values.length !== c) {
        throw new Error(`normalize: ${name} has ${values.length} values but the batch has ${c} channels (expected ${c} or 1)`);
      }
    }
    const { data } = batch;
    const plane = h * w;
    for (let n = 0; n < b; n++) {
      for (let ch = 0; ch < c; ch++) {
        const m = mean[mean.length === 1 ? 0 : ch]!;
        const s = std[std.length === 1 ? 0 : ch]!;
        const start = (n * c + ch) * plane;
        // Two float32 roundings, as PyTorch's sub_ then div_, so results match it bit for bit.
        for (let i = start; i < start + plane; i++) data[i] = Math.fround(data[i]! - m) / s;
      }
    }
    return batch;
  };
}
