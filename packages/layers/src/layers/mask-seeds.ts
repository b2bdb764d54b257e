import { pcgHash } from '@stride/core-tensor';

/**
 * The seeds of a dropout-like module's masks. Without a seed each mask comes from the global
 * generator (manualSeed); with one, each training call takes the next seed of a private
 * sequence, so masks differ from call to call but replay from the same first seed.
 */
export class MaskSeeds {
  #seed: number | undefined;

  constructor(seed: number | undefined) {
    this.#seed = seed;
  }

  /** The seed for this forward call; the sequence moves on only in training, where a mask is drawn. */
  next(training: boolean): number | undefined {
    const seed = this.#seed;
    if (seed !== undefined && training) this.#seed = pcgHash(seed);
    return seed;
  }
}
