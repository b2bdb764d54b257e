import type { Module } from '@stride/layers';
import { CosineAnnealingWarmRestarts, SGD } from '@stride/optim';

/** Everything that decides the training trajectory; a resumed run must be given the same. */
export interface Recipe {
  /** Total epochs (the run may stop earlier: EarlyStopping). */
  epochs: number;
  batchSize: number;
  /** The peak learning rate, reached at the start of every warm-restart cycle. */
  lr: number;
  /** Epochs of the first cycle (CosineAnnealingWarmRestarts' T_0). */
  t0: number;
  /** Each cycle is tMult times longer than the one before (T_mult). */
  tMult: number;
  /** Mixup's Beta(alpha, alpha); undefined: no mixup. */
  mixup: number | undefined;
  /** Epochs without a better validation accuracy before stopping. */
  patience: number;
  /** How many of the last cycles' snapshots the ensemble averages. */
  snapshots: number;
  /** Seeds the split, the model's initialisation, the data order and the augmentation. */
  seed: number;
}

export const MOMENTUM = 0.9;
export const WEIGHT_DECAY = 5e-4;

/** SGD with Nesterov momentum and weight decay, and the warm-restart cosine schedule on it. */
export function makeTraining(model: Module, recipe: Recipe): { opt: SGD; schedule: CosineAnnealingWarmRestarts } {
  const opt = new SGD(model.parameters(), { lr: recipe.lr, momentum: MOMENTUM, nesterov: true, weightDecay: WEIGHT_DECAY });
  const schedule = new CosineAnnealingWarmRestarts(opt, { t0: recipe.t0, tMult: recipe.tMult });
  return { opt, schedule };
}

/** The epochs (counted from 1) after which a warm-restart cycle ends, up to `epochs`: t0, t0 + t0·tMult, … */
export function cycleEnds(recipe: Pick<Recipe, 't0' | 'tMult' | 'epochs'>): number[] {
  const ends: number[] = [];
  for (let end = recipe.t0, length = recipe.t0; end <= recipe.epochs; length *= recipe.tMult, end += length) ends.push(end);
  return ends;
}
