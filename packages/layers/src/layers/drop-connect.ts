import { composite, functional as F, type Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';
import { isTensor } from '../module/parameter.js';
import { dropoutArgs } from './dropout.js';
import { MaskSeeds } from './mask-seeds.js';

/** A layer with a weight to drop: Linear, Conv1d/2d/3d, ConvTranspose2d. */
export type WeightedModule = Module & { weight: Tensor };

/**
 * DropConnect (Wan et al. 2013): wraps a Linear or Conv so that each training forward drops
 * each weight with probability p and scales the kept ones by 1/(1−p), a fresh mask per call;
 * in eval mode it is the wrapped module. The wrapped module is the child `module`, so the state
 * dict reads `module.weight`, `module.bias`, and gradients reach its weight through the mask.
 */
export class DropConnect<M extends WeightedModule = WeightedModule> extends Module {
  readonly module: M;
  readonly p: number;
  #seeds: MaskSeeds;

  constructor(module: M, opts: { p?: number; seed?: number } = {}) {
    super();
    if (!(module instanceof Module) || !isTensor((module as { weight?: unknown }).weight)) {
      throw new Error(`DropConnect: module must be a layer with a weight tensor (Linear, Conv) but got ${describe(module)}`);
    }
    const args = dropoutArgs('DropConnect', { p: opts.p, seed: opts.seed });
    this.module = module;
    this.p = args.p;
    this.#seeds = new MaskSeeds(args.seed);
  }

  /**
   * The wrapped module's own forward, run with its weight swapped for the dropped one, so every
   * option it has (stride, padding, groups, paddingMode) applies as it would unwrapped.
   */
  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return this.module.forward(x);
    const seed = this.#seeds.next(true);
    const module = this.module;
    const weight = module.weight;
    return composite(() => {
      module.weight = F.dropout(weight, { p: this.p, seed });
      try {
        return module.forward(x);
      } finally {
        module.weight = weight;
      }
    });
  }
}

function describe(value: unknown): string {
  if (value instanceof Module) return `${value.constructor.name} (no weight tensor)`;
  return value === null ? 'null' : typeof value;
}
