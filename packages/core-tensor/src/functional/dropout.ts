import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { compare, mul } from '../ops/elementwise.js';
import { rand } from '../ops/creation.js';

export interface DropoutOptions {
  p?: number;
  training?: boolean;
  /** Makes the mask reproducible; otherwise drawn from the global generator (manualSeed). */
  seed?: number;
}

/** Inverted dropout: zeroes each element with probability p and scales survivors by 1/(1−p). */
export function dropout(x: Tensor, opts: DropoutOptions = {}): Tensor {
  const p = opts.p ?? 0.5;
  if (!(p >= 0 && p <= 1)) throw new Error(`dropout: p must be a probability in [0, 1] but got ${p}`);
  const training = opts.training ?? true;
  if (!training || p === 0) return composite(() => mul(x, 1));
  if (p === 1) return composite(() => mul(x, 0));
  return composite(() => {
    const keepMask = compare('lt', rand(x.shape, { seed: opts.seed, backend: x.backend, dtype: x.dtype }), 1 - p);
    return mul(mul(x, keepMask), 1 / (1 - p));
  });
}
