import { functional as F, pcgHash, type Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';

/**
 * nn.Dropout(p = 0.5): in training mode zeroes each element with probability p and scales the
 * rest by 1/(1−p); in eval mode it is the identity. Also `new Dropout({ p, seed })`, where a
 * seed fixes the masks (each training call moves on to the next seed of a private sequence).
 */
export class Dropout extends Module {
  readonly p: number;
  #seed: number | undefined;

  constructor(p: number | { p?: number; seed?: number } = 0.5) {
    super();
    const opts = typeof p === 'number' ? { p } : p;
    this.p = opts.p ?? 0.5;
    if (!(this.p >= 0 && this.p <= 1)) throw new Error(`Dropout: p must be a probability in [0, 1] but got ${this.p}`);
    this.#seed = opts.seed;
  }

  forward(x: Tensor): Tensor {
    const seed = this.#seed;
    if (seed !== undefined && this.training) this.#seed = pcgHash(seed);
    return F.dropout(x, { p: this.p, training: this.training, seed });
  }
}
