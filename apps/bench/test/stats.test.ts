import { describe, expect, it } from 'vitest';
import { median, minimum, perSecond, speedRatio } from '../src/measure/stats.js';

describe('stats', () => {
  it('median of an odd count is the middle sample', () => {
    expect(median([5, 1, 3])).toBe(3);
  });
  it('median of an even count is the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('median and minimum of no samples are null', () => {
    expect(median([])).toBeNull();
    expect(minimum([])).toBeNull();
  });
  it('minimum is the fastest sample', () => {
    expect(minimum([3, 1.5, 2])).toBe(1.5);
  });
  it('perSecond turns units per run of ms into units per second', () => {
    expect(perSecond(64, 500)).toBe(128);
    expect(perSecond(null, 500)).toBeNull();
    expect(perSecond(64, null)).toBeNull();
  });
  it('speedRatio is the peer time over Stride time (above 1: Stride faster)', () => {
    expect(speedRatio(10, 25)).toBe(2.5);
    expect(speedRatio(10, null)).toBeNull();
  });
});
