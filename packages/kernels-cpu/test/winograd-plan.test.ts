import { describe, expect, it } from 'vitest';
import type { ConvGeometry } from '@stride/core-tensor/backend';
import {
  directCost,
  winogradCost,
  winogradEligible,
  winogradPlan,
  winogradWeightCost,
  winogradWeightPlan,
} from '../src/simd/winograd-plan.js';
import { weightChunks } from '../src/simd/winograd-weights.js';
import { geometry } from './winograd-helpers.js';

describe('which convolutions take Winograd', () => {
  const same = geometry([8, 16, 12, 12], 16, 1);
  const changed = (change: Partial<ConvGeometry>) => ({ ...same, ...change });

  it('only 2-D 3×3 convolutions at stride 1, undilated, ungrouped, padded 0…2 on each side', () => {
    expect(winogradEligible(same)).toBe(true);
    expect(winogradEligible(geometry([1, 2, 5, 5], 3, 0))).toBe(true);
    expect(winogradEligible(geometry([1, 2, 5, 5], 3, 2))).toBe(true);
    expect(winogradEligible(geometry([1, 2, 5, 5], 3, 0, 2))).toBe(true);
    expect(winogradEligible(changed({ stride: [1, 2, 2], outSize: [1, 6, 6] }))).toBe(false);
    expect(winogradEligible(changed({ stride: [1, 1, 2], outSize: [1, 12, 6] }))).toBe(false);
    expect(winogradEligible(changed({ dilation: [1, 2, 2], padBefore: [0, 2, 2] }))).toBe(false);
    expect(winogradEligible(changed({ groups: 2 }))).toBe(false);
    expect(winogradEligible(changed({ kernel: [1, 5, 5], padBefore: [0, 2, 2] }))).toBe(false);
    expect(winogradEligible(changed({ kernel: [1, 1, 3], padBefore: [0, 0, 1] }))).toBe(false);
    expect(winogradEligible(changed({ padBefore: [0, 3, 3], outSize: [1, 16, 16] }))).toBe(false);
    // padding 1 before and 3 after
    expect(winogradEligible(changed({ outSize: [1, 14, 12] }))).toBe(false);
    expect(winogradEligible(changed({ inSize: [2, 12, 12], kernel: [1, 3, 3] }))).toBe(false);
    expect(winogradEligible(changed({ batch: 0 }))).toBe(false);
  });

  it("ResNet's convolutions at batch 128 take F(4×4): about a third of the direct path's instructions", () => {
    for (const [c, size] of [
      [16, 32],
      [32, 16],
      [64, 8],
    ] as const) {
      const g = geometry([128, c, size, size], c, 1);
      expect(winogradPlan(g)).toBe(4);
      const ratio = winogradCost(g, 4) / directCost(g);
      expect(ratio).toBeGreaterThan(0.25);
      expect(ratio).toBeLessThan(0.5);
      // Their weight gradients too.
      expect(winogradWeightPlan(g)).toBe(4);
      expect(winogradWeightCost(g, 4) / directCost(g)).toBeLessThan(0.5);
    }
  });

  it('small convolutions, and three input channels of one image, stay direct: the transforms do not pay', () => {
    expect(winogradPlan(geometry([2, 3, 7, 6], 4, 0))).toBeNull();
    expect(winogradPlan(geometry([1, 3, 32, 32], 16, 1))).toBeNull();
    expect(winogradPlan(geometry([1, 512, 7, 7], 512, 1))).toBeNull();
    expect(winogradWeightPlan(geometry([2, 3, 7, 6], 4, 0))).toBeNull();
    expect(winogradWeightPlan(geometry([128, 3, 32, 32], 16, 1))).toBeNull();
    expect(winogradWeightPlan(changed({ groups: 2 }))).toBeNull();
  });

  it("a single image of 64 channels takes F(2×2): F(4×4)'s weight transform costs more than it saves", () => {
    expect(winogradPlan(geometry([1, 64, 32, 32], 64, 1))).toBe(2);
  });
});

describe("the weight gradient's partial sums: a count fixed by the shape, never by the threads", () => {
  it('eight partials of at least 64 tiles where there are few tiles, so the threads share them', () => {
    expect(weightChunks(4, 16, 16, 63)).toBe(1);
    expect(weightChunks(4, 16, 16, 200)).toBe(3);
    // ResNet's 64-channel stage at batch 128: 512 tiles of F(4×4).
    expect(weightChunks(4, 64, 64, 512)).toBe(8);
  });

  it('past eight, one per 512 tiles, up to 32 partials and 64 MiB of them', () => {
    expect(weightChunks(2, 16, 16, 4097)).toBe(9);
    expect(weightChunks(2, 16, 16, 512 * 40)).toBe(32);
    // 256 channels: 9.4 MB a partial of F(4×4), so seven.
    expect(weightChunks(4, 256, 256, 4096)).toBe(7);
  });
});
