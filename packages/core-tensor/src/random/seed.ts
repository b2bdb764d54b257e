import { pcgHash } from './counter-hash.js';

let state = 0x5eed;

/** Seeds the global generator that draws a fresh seed for each random op called without one. */
export function manualSeed(seed: number): void {
  state = seed >>> 0;
}

export function nextSeed(): number {
  state = pcgHash(state + 0x9e3779b9);
  return state;
}
