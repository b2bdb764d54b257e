import { describe, expect, it } from 'vitest';
import { F4_MAX_CHANNELS, winogradPlan, winogradWeightPlan } from '../src/simd/winograd-plan.js';
import { CHUNK_TILES, weightChunks } from '../src/simd/winograd-weights.js';
import {
  geometry,
  noise,
  referenceConv,
  referenceWeightGradient,
  relativeError,
  TOLERANCE,
  viaWinograd,
  viaWinogradWeights,
} from './winograd-helpers.js';

// How far F(2×2) and F(4×4) land from the convolution in double, by the conformance suite's
// measure (the largest error over the largest output; its tolerance is 1e-5). Weights at
// He initialisation's scale; inputs symmetric, or all positive as after a ReLU.

describe('Winograd against float64', () => {
  const cases = [
    { name: 'ResNet-like: 64 → 64 channels on 32×32, batch 2', x: [2, 64, 32, 32] as const, o: 64 },
    { name: `F(4×4)'s most channels (${F4_MAX_CHANNELS}) on 16×16`, x: [1, F4_MAX_CHANNELS, 16, 16] as const, o: 64 },
  ];
  for (const c of cases) {
    for (const positive of [false, true]) {
      it(`${c.name}, ${positive ? 'positive' : 'symmetric'} inputs: F(2×2) within 1e-6, F(4×4) within half the tolerance`, () => {
        const g = geometry(c.x, c.o, 1);
        const channels = c.x[1];
        const x = noise(
          c.x.reduce((a: number, b: number) => a * b, 1),
          41,
          1,
          positive,
        );
        const w = noise(c.o * channels * 9, 42, Math.sqrt(6 / (9 * channels)));
        const want = referenceConv(g, x, w);
        // Measured on x64 (relaxed madd fused): about 3e-7 and 7e-7 for F(2×2), 2e-6 and 4e-6 for F(4×4).
        expect(relativeError(viaWinograd(2, g, x, w), want)).toBeLessThan(1e-6);
        expect(relativeError(viaWinograd(4, g, x, w), want)).toBeLessThan(TOLERANCE / 2);
      });
    }
  }

  it('past F4_MAX_CHANNELS the plan keeps to F(2×2), whose error stays small at 1024 channels', () => {
    // F(4×4) reaches about 1e-5 here: the whole tolerance.
    const g = geometry([1, 1024, 6, 6], 16, 1);
    const x = noise(1024 * 36, 43);
    const w = noise(16 * 1024 * 9, 44, Math.sqrt(6 / (9 * 1024)));
    expect(relativeError(viaWinograd(2, g, x, w), referenceConv(g, x, w))).toBeLessThan(TOLERANCE / 4);
    const big = geometry([64, 1024, 16, 16], 256, 1);
    expect(winogradPlan(big)).toBe(2);
    expect(winogradPlan({ ...big, inChannels: F4_MAX_CHANNELS, outChannels: F4_MAX_CHANNELS })).toBe(4);
  });
});

describe('the Winograd weight gradient against float64', () => {
  it(`ResNet-like 16 channels on 32×32, batch 64: ${CHUNK_TILES} tiles of F(4×4) summed in each partial, the most the plan allows`, () => {
    // 4096 tiles of F(4×4) in eight partials of 512; F(2×2)'s 16384 in 32 of 512.
    const g = geometry([64, 16, 32, 32], 16, 1);
    expect(weightChunks(4, 16, 16, 4096)).toBe(8);
    expect(weightChunks(2, 16, 16, 16384)).toBe(32);
    const x = noise(64 * 16 * 32 * 32, 45, 1, true);
    const dy = noise(64 * 16 * 32 * 32, 46, 0.01);
    const want = referenceWeightGradient(g, x, dy);
    // Measured: about 6e-7 for F(2×2), 2e-6 for F(4×4).
    expect(relativeError(viaWinogradWeights(2, g, x, dy), want)).toBeLessThan(TOLERANCE / 4);
    expect(relativeError(viaWinogradWeights(4, g, x, dy), want)).toBeLessThan(TOLERANCE / 2);
    expect(winogradWeightPlan(g)).toBe(4);
  });

  it('F(4×4) only while a partial sums at most CHUNK_TILES tiles: past that F(2×2)', () => {
    // 256 channels: a partial takes 9.4 MB, so at most seven of them. Batch 256 has 4096
    // tiles of F(4×4), 586 a partial; batch 128 has 2048, 293 a partial.
    const g = geometry([256, F4_MAX_CHANNELS, 16, 16], F4_MAX_CHANNELS, 1);
    expect(winogradWeightPlan(g)).toBe(2);
    expect(winogradWeightPlan({ ...g, batch: 128 })).toBe(4);
  });
});
