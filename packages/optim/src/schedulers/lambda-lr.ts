import { describe } from '../checks.js';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';
import type { StateReader } from '../state-reader.js';
import type { SchedulerStateDict } from './scheduler-state.js';

/** A multiplicative factor of the initial lr, given the epoch. */
export type LrLambda = (epoch: number) => number;

export interface LambdaLROptions {
  /** One function for every group, or one per param group. */
  lrLambda: LrLambda | readonly LrLambda[];
}

/**
 * Sets each group's lr to its initial lr times `lrLambda(epoch)`, as
 * torch.optim.lr_scheduler.LambdaLR. The functions are not part of the state dict (PyTorch saves
 * a function's state only for callable objects): a resumed LambdaLR must be built with the same
 * functions, then loadStateDict restores its epoch.
 */
export class LambdaLR extends LRScheduler {
  readonly lrLambdas: readonly LrLambda[];

  constructor(optimizer: SchedulableOptimizer, options: LambdaLROptions) {
    const lrLambdas = lambdasPerGroup(options?.lrLambda, optimizer.paramGroups.length);
    super('LambdaLR', optimizer);
    this.lrLambdas = lrLambdas;
    this.initialStep();
  }

  protected computeLr(): number[] {
    return this.baseLrs.map((base, i) => {
      const factor = this.lrLambdas[i]!(this.lastEpoch);
      if (typeof factor !== 'number') {
        throw new Error(
          `LambdaLR: lrLambda for paramGroups[${i}] returned ${describe(factor)} at epoch ${this.lastEpoch} (expected a number)`,
        );
      }
      return base * factor;
    });
  }

  protected ownState(): SchedulerStateDict {
    return {};
  }

  protected readOwnState(_read: StateReader): () => void {
    return () => {};
  }
}

function lambdasPerGroup(value: unknown, groups: number): LrLambda[] {
  if (typeof value === 'function') return new Array<LrLambda>(groups).fill(value as LrLambda);
  if (Array.isArray(value) && value.length === groups && value.every((f) => typeof f === 'function')) return [...(value as LrLambda[])];
  const got = Array.isArray(value) ? `[${value.map((f: unknown) => typeof f).join(', ')}]` : describe(value);
  throw new Error(`LambdaLR: lrLambda is ${got} (expected a function, or ${groups} functions, one per param group)`);
}
