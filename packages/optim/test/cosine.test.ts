import { describe, expect, it } from 'vitest';
import { cosine } from '../src/schedulers/cosine.js';

// Values from Python's math.cos (glibc), which PyTorch's schedulers call.
describe('cosine', () => {
  it('is correctly rounded where V8 Math.cos is one ulp off', () => {
    expect(cosine(3.7699111843077517)).toBe(-0.8090169943749476); // 1.2π
    expect(cosine(2.4683942278205517)).toBe(-0.7818314824680298); // π·11/14
  });

  it('agrees with C cos at the quadrant boundaries and beyond 2π', () => {
    expect(cosine(0)).toBe(1);
    expect(cosine(Math.PI)).toBe(-1);
    expect(cosine(Math.PI / 2)).toBe(6.123233995736766e-17);
    expect(cosine(-Math.PI / 3)).toBe(0.5000000000000001);
    expect(cosine(100)).toBe(0.8623188722876839);
  });
});
