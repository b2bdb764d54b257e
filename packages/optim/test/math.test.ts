import { describe, expect, it } from 'vitest';
import { cosine } from '../src/schedulers/cosine.js';
import { logarithm } from '../src/schedulers/logarithm.js';
import { powInt } from '../src/schedulers/power.js';
import { readFixture } from './helpers/fixtures.js';

interface MathFixture {
  /** [base, n, correctly rounded base^n, C's pow] */
  pow: [number, number, number, number][];
  /** [x, correctly rounded ln x, C's log] */
  log: [number, number, number][];
  /** [x, correctly rounded cos x, C's cos] */
  cos: [number, number, number][];
  /** int(math.log(epoch / t0 · (tMult − 1) + 1, tMult)) for epoch = firstEpoch + k · epochStep */
  cycles: { t0: number; tMult: number; firstEpoch: number; epochStep: number; n: number[] }[];
}
const fixture = readFixture<MathFixture>('math.json');

/** The entries where `fn` misses the expected value, for a message that lists them. */
function misses<T extends unknown[]>(rows: T[], got: (row: T) => number, expected: (row: T) => number): string[] {
  return rows.filter((r) => got(r) !== expected(r)).map((r) => `${JSON.stringify(r)} gave ${got(r)}`);
}

describe('the schedulers’ correctly rounded math (scripts/gen_fixtures.py, 60-digit decimals and C)', () => {
  it(`powInt is correctly rounded for ${fixture.pow.length} integer powers, as C's pow is on each of them`, () => {
    expect(
      misses(
        fixture.pow,
        ([b, n]) => powInt(b, n),
        ([, , exact]) => exact,
      ),
    ).toEqual([]);
    expect(
      misses(
        fixture.pow,
        ([b, n]) => powInt(b, n),
        ([, , , c]) => c,
      ),
    ).toEqual([]);
  });

  it(`logarithm is correctly rounded for ${fixture.log.length} arguments, as C's log is on each of them`, () => {
    expect(
      misses(
        fixture.log,
        ([x]) => logarithm(x),
        ([, exact]) => exact,
      ),
    ).toEqual([]);
    expect(
      misses(
        fixture.log,
        ([x]) => logarithm(x),
        ([, , c]) => c,
      ),
    ).toEqual([]);
  });

  it(`cosine is correctly rounded at the ${fixture.cos.length} arguments π·k/n (n <= 40) schedules use`, () => {
    expect(
      misses(
        fixture.cos,
        ([x]) => cosine(x),
        ([, exact]) => exact,
      ),
    ).toEqual([]);
  });

  it("cosine equals C's cos there but at 2 near-ties, where C's is the one not correctly rounded", () => {
    const differ = fixture.cos.filter(([x, , c]) => cosine(x) !== c);
    expect(differ.map(([x]) => x)).toEqual([1.5707963267948968, 3.7860219158646227]);
    for (const [x, exact, c] of differ) {
      expect(cosine(x)).toBe(exact);
      expect(Math.abs(c - exact)).toBeLessThanOrEqual(Math.abs(exact) * 2 ** -52); // one ulp
    }
  });

  it("CosineAnnealingWarmRestarts' cycle index int(log(x) / log(tMult)) equals PyTorch's on every quarter epoch", () => {
    for (const { t0, tMult, firstEpoch, epochStep, n } of fixture.cycles) {
      const got = n.map((_, k) => Math.trunc(logarithm(((firstEpoch + k * epochStep) / t0) * (tMult - 1) + 1) / logarithm(tMult)));
      expect({ t0, tMult, n: got }).toEqual({ t0, tMult, n });
    }
  });

  // V8's ** gives 0.6561000000000001 and its Math.log makes the cycle 5; other engines (Bun's
  // JavaScriptCore) call the C library and agree with PyTorch, so only our values are asserted.
  it('gives C’s values where V8’s ** and Math.log are one ulp off', () => {
    expect(powInt(0.9, 4)).toBe(0.6561);
    expect(powInt(0.9, 23)).toBe(0.08862938119652507);
    expect(Math.trunc(logarithm(243) / logarithm(3))).toBe(4); // Python: int(math.log(243, 3)) == 4
  });

  it('powInt handles the edges: n = 0, negative n, zero and non-integer n', () => {
    expect(powInt(0.5, 0)).toBe(1);
    expect(powInt(0, 3)).toBe(0);
    expect(powInt(2, -3)).toBe(0.125);
    expect(() => powInt(2, 0.5)).toThrow('powInt: n is 0.5 (expected an integer)');
  });
});
