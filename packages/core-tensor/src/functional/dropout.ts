import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { mul } from '../ops/elementwise.js';
import { checkDropProbability, dropScaled } from './drop-mask.js';

export interface DropoutOptions {
  p?: number;
  training?: boolean;
  /** Makes the mask reproducible; otherwise drawn from the global generator (manualSeed). */
  seed?: number;
}

/** Inverted dropout: zeroes each element with probability p and scales survivors by 1/(1−p). */
export function dropout(x: Tensor, opts: DropoutOptions = {}): Tensor {
  const p = opts.p ?? 0.5;
  checkDropProbability('dropout', p);
  const training = opts.training ?? true;
  if (!training || p === 0) return composite(() => mul(x, 1));
  if (p === 1) return composite(() => mul(x, 0));
  return composite(() => dropScaled(x, x.shape, p, opts.seed));
}
