import type { ConvGeometry } from '@stride/core-tensor/backend';
import type { WinogradTile } from '../wasm/winograd-transforms.js';
import { f4WeightsPrecise, F4_MAX_CHANNELS, winogradEligible, winogradPlan, winogradWeightPlan } from './winograd-plan.js';

/**
 * cpu()'s `winograd` option: true for the cost rule (winograd-plan.ts), false for the direct
 * path always, `{ tile }` for F(tile×tile) on every convolution Winograd can compute.
 */
export type WinogradOption = boolean | { readonly tile: WinogradTile };

/** Which tile, if any, a convolution's forward (or input gradient, as a full convolution) and its weight gradient take. */
export interface WinogradChoice {
  forward(g: ConvGeometry): WinogradTile | null;
  weights(g: ConvGeometry): WinogradTile | null;
}

/**
 * The choice `option` makes. A forced tile still keeps F(4×4) within its precision limits
 * (F(2×2) past them), so that forcing it tests the algorithm where the cost rule leaves small
 * shapes direct (the conformance fixtures), not a tile size the plan would never pick.
 */
export function winogradChoice(option: WinogradOption): WinogradChoice {
  if (option === true) return { forward: winogradPlan, weights: winogradWeightPlan };
  if (option === false) return { forward: () => null, weights: () => null };
  const tile: unknown = option.tile;
  if (tile !== 2 && tile !== 4) throw new Error(`cpu: winograd.tile must be 2 or 4 (got ${String(tile)})`);
  return {
    forward: (g) => (!winogradEligible(g) ? null : tile === 4 && g.inChannels <= F4_MAX_CHANNELS ? 4 : 2),
    weights: (g) => (!winogradEligible(g) ? null : tile === 4 && f4WeightsPrecise(g) ? 4 : 2),
  };
}
