import type { Tensor } from '../tensor.js';
import { compare, mul } from '../ops/elementwise.js';
import { rand } from '../ops/creation.js';

/**
 * x times a keep mask of `maskShape` (broadcast over x), each entry kept with probability 1 − p
 * and scaled by 1/(1 − p): inverted dropout over whatever unit the mask's shape names (elements,
 * channels, samples). The mask comes from `seed`, or from the global generator (manualSeed).
 * Call it for 0 < p < 1; the caller handles the deterministic ends.
 */
export function dropScaled(x: Tensor, maskShape: readonly number[], p: number, seed: number | undefined): Tensor {
  const keep = compare('lt', rand(maskShape, { seed, backend: x.backend, dtype: x.dtype }), 1 - p);
  return mul(mul(x, keep), 1 / (1 - p));
}

/** The probability check every dropout-like op makes at its entry. */
export function checkDropProbability(op: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new Error(`${op}: p must be a probability in [0, 1] but got ${p}`);
}
