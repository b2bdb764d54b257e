import { describe, expect, it } from 'vitest';
import { BestCheckpoint } from '../src/index.js';

describe('BestCheckpoint', () => {
  it('keeps the best snapshot (max mode) and reports whether each update was kept', () => {
    const best = new BestCheckpoint<string>({ mode: 'max' });
    expect(best.best).toBeUndefined();
    expect(
      [
        [0.5, 'a'],
        [0.7, 'b'],
        [0.6, 'c'],
        [0.7, 'd'],
        [0.8, 'e'],
      ].map(([m, s]) => best.update(m as number, s as string)),
    ).toEqual([true, true, false, false, true]);
    expect(best.best).toEqual({ metric: 0.8, state: 'e' });
  });

  it('in min mode a lower metric is better, and an equal one does not displace the kept one', () => {
    const best = new BestCheckpoint<string>();
    best.update(0.3, 'first');
    expect(best.update(0.3, 'equal')).toBe(false);
    expect(best.update(0.2, 'lower')).toBe(true);
    expect(best.best).toEqual({ metric: 0.2, state: 'lower' });
  });

  it('keeps the best `keep` snapshots, best first, equal metrics in arrival order', () => {
    const best = new BestCheckpoint<number>({ mode: 'max', keep: 3 });
    for (const [i, m] of [0.1, 0.5, 0.3, 0.5, 0.2, 0.9, 0.4].entries()) best.update(m, i);
    expect(best.all).toEqual([
      { metric: 0.9, state: 5 },
      { metric: 0.5, state: 1 },
      { metric: 0.5, state: 3 },
    ]);
  });

  it('hands every snapshot it lets go to onDiscard: pushed out, or never kept', () => {
    const discarded: string[] = [];
    const best = new BestCheckpoint<string>({ mode: 'min', keep: 2, onDiscard: (s, m) => discarded.push(`${s}@${m}`) });
    best.update(3, 'a');
    best.update(2, 'b');
    best.update(4, 'c');
    best.update(1, 'd');
    best.update(NaN, 'e');
    expect(discarded).toEqual(['c@4', 'a@3', 'e@NaN']);
    expect(best.all.map((s) => s.state)).toEqual(['d', 'b']);
  });

  it('wouldKeep says in advance whether a snapshot is worth taking', () => {
    const best = new BestCheckpoint<string>({ mode: 'max', keep: 2 });
    expect(best.wouldKeep(0.1)).toBe(true);
    best.update(0.5, 'a');
    best.update(0.6, 'b');
    expect([best.wouldKeep(0.5), best.wouldKeep(0.55), best.wouldKeep(NaN)]).toEqual([false, true, false]);
  });

  it('rejects bad options with clear errors', () => {
    expect(() => new BestCheckpoint({ keep: 0 })).toThrow('BestCheckpoint: keep is 0 (expected a positive integer)');
    expect(() => new BestCheckpoint({ mode: 'best' as 'min' })).toThrow("BestCheckpoint: mode is \"best\" (expected 'min' or 'max')");
    expect(() => new BestCheckpoint().update(undefined as never, 1)).toThrow(
      'BestCheckpoint.update: metric is undefined (expected a number, such as the validation loss or accuracy)',
    );
  });
});
