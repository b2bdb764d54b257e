import type { CheckpointMeta, EarlyStoppingState, JsonValue } from '@stride/optim';
import type { Recipe } from './recipe.js';

/** One finished epoch, as printed and as kept in the checkpoint. */
export interface EpochRecord {
  /** Counted from 1. */
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  valAccuracy: number;
  /** The learning rate after the epoch's last batch. */
  lr: number;
}

/** A model saved in the output directory: the epoch after which it was taken, and its file name there. */
export interface SavedModel {
  epoch: number;
  file: string;
}

/**
 * What a resumed run needs besides the model, optimizer and scheduler (which the checkpoint
 * holds as such): the recipe it must continue, where early stopping stands, the best model and
 * the snapshots taken so far (files beside the checkpoint), and the history for the summary.
 * Plain JSON with no timings, so an interrupted-and-resumed run writes the same bytes as a whole one.
 */
export interface RunState {
  recipe: Recipe;
  trainImages: number;
  earlyStopping: EarlyStoppingState;
  best: (SavedModel & { valAccuracy: number }) | null;
  snapshots: SavedModel[];
  history: EpochRecord[];
}

const KEY = 'trainFashion';

export function toMeta(state: RunState): CheckpointMeta {
  // JSON has no undefined: no mixup is stored as null.
  const recipe = { ...state.recipe, mixup: state.recipe.mixup ?? null };
  return { [KEY]: { ...state, recipe } as unknown as JsonValue };
}

/** The run state in a checkpoint's meta; a checkpoint this recipe did not write is refused by name. */
export function fromMeta(meta: CheckpointMeta | undefined, file: string): RunState {
  const value = meta?.[KEY];
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof value.recipe !== 'object') {
    throw new Error(
      `train-fashion: ${file} has no train-fashion run state in its metadata (expected a last.safetensors written by train-fashion)`,
    );
  }
  const state = value as unknown as RunState;
  return { ...state, recipe: { ...state.recipe, mixup: state.recipe.mixup ?? undefined } };
}

/**
 * Refuses to continue a run with another recipe (only `epochs` may change: the schedule does not
 * depend on it), naming each option that differs.
 */
export function checkSameRecipe(saved: RunState, recipe: Recipe, trainImages: number, file: string): void {
  const differences = (Object.keys(recipe) as (keyof Recipe)[])
    .filter((key) => key !== 'epochs' && saved.recipe[key] !== recipe[key])
    .map((key) => `${key} ${String(saved.recipe[key])} there but ${String(recipe[key])} here`);
  if (saved.trainImages !== trainImages) differences.push(`${saved.trainImages} training images there but ${trainImages} here`);
  if (differences.length > 0) {
    throw new Error(`train-fashion: --resume ${file} was written by another recipe: ${differences.join('; ')} (expected the same options)`);
  }
}
