import { describe, expect, it } from 'vitest';
import { EarlyStopping } from '../src/index.js';

/** The step at which `stopper` first says stop (1-based), or 0 if it never does. */
function stopsAt(stopper: EarlyStopping, metrics: readonly number[]): number {
  for (let i = 0; i < metrics.length; i++) if (stopper.step(metrics[i]!)) return i + 1;
  return 0;
}

describe('EarlyStopping', () => {
  it('stops once patience steps in a row bring no improvement (min mode)', () => {
    // Bests at steps 1, 2 and 4; steps 5, 6, 7 do not improve: the third of them stops.
    expect(stopsAt(new EarlyStopping({ patience: 3 }), [1.0, 0.8, 0.85, 0.7, 0.75, 0.71, 0.9, 0.5])).toBe(7);
  });

  it('counts an equal metric as no improvement', () => {
    expect(stopsAt(new EarlyStopping({ patience: 2 }), [0.5, 0.5, 0.5])).toBe(3);
    expect(stopsAt(new EarlyStopping({ mode: 'max', patience: 1 }), [0.9, 0.9])).toBe(2);
  });

  it('an improvement resets the count', () => {
    const stopper = new EarlyStopping({ mode: 'max', patience: 2 });
    expect([0.5, 0.4, 0.6, 0.55, 0.58, 0.57].map((m) => stopper.step(m))).toEqual([false, false, false, false, true, true]);
    expect(stopper.best).toBe(0.6);
    expect(stopper.numBadEpochs).toBe(3);
  });

  it('needs an improvement larger than minDelta', () => {
    const stopper = new EarlyStopping({ patience: 2, minDelta: 0.1 });
    expect([1.0, 0.95, 0.9, 0.85].map((m) => stopper.step(m))).toEqual([false, false, true, false]);
    expect(stopper.best).toBe(0.85);
    // 1.0 → 0.9 is exactly 0.1 in decimals but 0.09999999999999998 in doubles: no improvement; 0.85 beats 1.0 by more.
  });

  it('with patience 0 stops at the first step that does not improve', () => {
    const stopper = new EarlyStopping({ patience: 0 });
    expect(stopper.shouldStop).toBe(false);
    expect([3, 2, 2].map((m) => stopper.step(m))).toEqual([false, false, true]);
  });

  it('never counts NaN as an improvement', () => {
    expect(stopsAt(new EarlyStopping({ patience: 2 }), [1, NaN, NaN])).toBe(3);
  });

  it('resumes from its state dict where the uninterrupted run would stop', () => {
    const metrics = [0.9, 0.8, 0.82, 0.79, 0.81, 0.83, 0.8, 0.78, 0.9, 0.95];
    const whole = new EarlyStopping({ patience: 3, minDelta: 0.005 });
    const expected = metrics.map((m) => whole.step(m));
    for (let split = 0; split < metrics.length; split++) {
      const first = new EarlyStopping({ patience: 3, minDelta: 0.005 });
      const got = metrics.slice(0, split).map((m) => first.step(m));
      const second = new EarlyStopping({ patience: 1 });
      second.loadStateDict(structuredClone(first.stateDict()));
      got.push(...metrics.slice(split).map((m) => second.step(m)));
      expect({ split, got }).toEqual({ split, got: expected });
    }
  });

  it('rejects bad options and state with clear errors', () => {
    expect(() => new EarlyStopping({ patience: -1 })).toThrow('EarlyStopping: patience is -1 (expected an integer >= 0)');
    expect(() => new EarlyStopping({} as never)).toThrow('EarlyStopping: patience is undefined (expected an integer >= 0)');
    expect(() => new EarlyStopping({ patience: 2, mode: 'maximum' as 'max' })).toThrow(
      "EarlyStopping: mode is \"maximum\" (expected 'min' or 'max')",
    );
    expect(() => new EarlyStopping({ patience: 2, minDelta: -0.1 })).toThrow('EarlyStopping: minDelta is -0.1 (expected a number >= 0)');
    expect(() => new EarlyStopping({ patience: 2 }).step('0.3' as never)).toThrow(
      'EarlyStopping.step: metric is "0.3" (expected a number, such as the validation loss or accuracy)',
    );
    const stopper = new EarlyStopping({ patience: 2 });
    expect(() => stopper.loadStateDict({ ...stopper.stateDict(), numBadEpochs: -3 })).toThrow(
      'EarlyStopping.loadStateDict: stateDict.numBadEpochs is -3 (expected an integer >= 0)',
    );
    expect(stopper.numBadEpochs).toBe(0);
  });
});
