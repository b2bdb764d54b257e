import { functional as F, type Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';
import { MaskSeeds } from './mask-seeds.js';

type DropoutArgs = number | { p?: number; seed?: number };

/** What torch's _DropoutNd holds: p, and here the seeds of the masks. */
abstract class DropoutNd extends Module {
  readonly p: number;
  #seeds: MaskSeeds;

  constructor(op: string, p: DropoutArgs) {
    super();
    const opts = dropoutArgs(op, p);
    this.p = opts.p;
    this.#seeds = new MaskSeeds(opts.seed);
  }

  /** The options of this call's F.dropout*: p, training, and the next seed where a mask is drawn. */
  protected maskOptions(): { p: number; training: boolean; seed: number | undefined } {
    return { p: this.p, training: this.training, seed: this.#seeds.next(this.training) };
  }
}

/**
 * nn.Dropout(p = 0.5): in training mode zeroes each element with probability p and scales the
 * rest by 1/(1−p); in eval mode it is the identity. Also `new Dropout({ p, seed })`, where a
 * seed fixes the masks (each training call moves on to the next seed of a private sequence).
 */
export class Dropout extends DropoutNd {
  constructor(p: DropoutArgs = 0.5) {
    super('Dropout', p);
  }

  forward(x: Tensor): Tensor {
    return F.dropout(x, this.maskOptions());
  }
}

/**
 * nn.Dropout2d(p = 0.5): in training mode zeroes whole channels [n, c] with probability p and
 * scales the rest by 1/(1−p) (a 3-D input counts as [N, C, L], as torch 1.13); in eval mode the
 * identity. Also `new Dropout2d({ p, seed })`.
 */
export class Dropout2d extends DropoutNd {
  constructor(p: DropoutArgs = 0.5) {
    super('Dropout2d', p);
  }

  forward(x: Tensor): Tensor {
    return F.dropout2d(x, this.maskOptions());
  }
}

/** A probability p (default 0.5) and an optional seed, from a number or an options object. */
export function dropoutArgs(op: string, p: DropoutArgs): { p: number; seed: number | undefined } {
  const opts = typeof p === 'number' ? { p } : p;
  return { p: checkProbability(op, opts.p ?? 0.5), seed: opts.seed };
}

export function checkProbability(op: string, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new Error(`${op}: p must be a probability in [0, 1] but got ${p}`);
  return p;
}
