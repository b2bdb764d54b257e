import { describe, expect, it } from 'vitest';
import { functional as F, manualSeed, ones, randn, tidy, type Tensor } from '@stride/core-tensor';

/**
 * The random masks checked by rule, since they cannot replay PyTorch's RNG: whole channels or
 * samples dropped, drop counts within binomial bounds, survivors scaled by exactly 1/(1 − p)
 * (as float32), eval and p 0 the identity, p 1 all zeros, seeded masks reproducible, and the
 * gradient flowing through the kept units only.
 */
export function dropoutRules(): void {
  describe('dropout2d masks', () => {
    it('zero whole channels [n, c] and scale the others by 1/(1 − p), dropping about p of them', async () => {
      const p = 0.3;
      const units = await unitsOf(ones([8, 50, 3, 3]), (x) => F.dropout2d(x, { p, seed: 11 }), [8 * 50, 9]);
      expectWholeUnits(units, p);
    });

    it('treat a 3-D input as [N, C, L], one draw per n and c, as torch 1.13', async () => {
      const units = await unitsOf(ones([20, 30, 4]), (x) => F.dropout2d(x, { p: 0.5, seed: 4 }), [20 * 30, 4]);
      expectWholeUnits(units, 0.5);
    });

    it('drop single elements of a 2-D input [N, C]', async () => {
      const units = await unitsOf(ones([40, 50]), (x) => F.dropout2d(x, { p: 0.6, seed: 8 }), [2000, 1]);
      expectWholeUnits(units, 0.6);
    });
  });

  describe('stochasticDepth masks', () => {
    it("with mode 'row' drop whole samples and scale the others by 1/(1 − p), about p of them", async () => {
      const p = 0.25;
      const units = await unitsOf(ones([2000, 2, 3]), (x) => F.stochasticDepth(x, { p, mode: 'row', seed: 21 }), [2000, 6]);
      expectWholeUnits(units, p);
    });

    it("with mode 'batch' drop the whole input or none of it, about p of the draws", async () => {
      const p = 0.4;
      const draws: number[][] = [];
      for (let seed = 1; seed <= 300; seed++) {
        draws.push(...(await unitsOf(ones([3, 2]), (x) => F.stochasticDepth(x, { p, mode: 'batch', seed }), [1, 6])));
      }
      expectWholeUnits(draws, p);
    });
  });

  it('eval mode and p 0 are the identity', async () => {
    const x = randn([3, 4, 2, 2], { seed: 9 });
    const expected = Array.from(await x.data());
    const calls: ((x: Tensor) => Tensor)[] = [
      (t) => F.dropout2d(t, { p: 0.5, training: false }),
      (t) => F.dropout2d(t, { p: 0 }),
      (t) => F.stochasticDepth(t, { p: 0.5, mode: 'row', training: false }),
      (t) => F.stochasticDepth(t, { p: 0, mode: 'batch' }),
    ];
    for (const call of calls) {
      const y = tidy(() => call(x));
      expect(Array.from(await y.data())).toEqual(expected);
      y.dispose();
    }
    x.dispose();
  });

  it('p 1 gives zeros, without dividing by 1 − p = 0', async () => {
    const x = randn([4, 3, 2], { seed: 2 });
    for (const call of [
      (t: Tensor) => F.dropout2d(t, { p: 1 }),
      (t: Tensor) => F.stochasticDepth(t, { p: 1, mode: 'row' }),
      (t: Tensor) => F.stochasticDepth(t, { p: 1, mode: 'batch' }),
    ]) {
      const y = tidy(() => call(x));
      expect(Array.from(await y.data()).every((v) => v === 0)).toBe(true);
      y.dispose();
    }
    x.dispose();
  });

  it('a seed fixes the mask; another seed, or the global generator moving on, draws another', async () => {
    const x = ones([6, 40, 1, 1]);
    const maskOf = async (opts: { seed?: number }) => {
      const y = tidy(() => F.dropout2d(x, { p: 0.5, ...opts }));
      const values = Array.from(await y.data());
      y.dispose();
      return values;
    };
    expect(await maskOf({ seed: 5 })).toEqual(await maskOf({ seed: 5 }));
    expect(await maskOf({ seed: 5 })).not.toEqual(await maskOf({ seed: 6 }));
    manualSeed(42);
    const first = await maskOf({});
    const next = await maskOf({});
    manualSeed(42);
    expect(await maskOf({})).toEqual(first);
    expect(next).not.toEqual(first);
    x.dispose();
  });

  it('the gradient reaches kept channels and samples, scaled, and no dropped one', async () => {
    for (const call of [
      (t: Tensor) => F.dropout2d(t, { p: 0.4, seed: 13 }),
      (t: Tensor) => F.stochasticDepth(t, { p: 0.4, mode: 'row', seed: 13 }),
    ]) {
      const x = ones([10, 6, 2, 2], { requiresGrad: true });
      // With x all ones, y is the scaled mask itself, and so is d(sum y)/dx.
      const y = tidy(() => {
        const out = call(x);
        out.sum().backward();
        return out;
      });
      expect(Array.from(await x.grad!.data())).toEqual(Array.from(await y.data()));
      x.dispose();
      y.dispose();
    }
  });
}

/** Runs `drop` on `x` (both disposed) and splits the output into rows of `[units, size]`. */
async function unitsOf(x: Tensor, drop: (x: Tensor) => Tensor, [units, size]: [number, number]): Promise<number[][]> {
  const y = tidy(() => drop(x));
  const values = Array.from(await y.data());
  y.dispose();
  x.dispose();
  expect(values.length).toBe(units * size);
  return Array.from({ length: units }, (_, u) => values.slice(u * size, (u + 1) * size));
}

/**
 * Each unit is all 0 or all exactly float32(1/(1 − p)), and the number dropped lies within five
 * standard deviations of a Binomial(units, p) mean (a false alarm about once in 3·10⁶ runs).
 */
function expectWholeUnits(units: number[][], p: number): void {
  const scale = Math.fround(1 / (1 - p));
  let dropped = 0;
  for (const unit of units) {
    const value = unit[0]!;
    expect([0, scale]).toContain(value);
    expect(unit.every((v) => v === value)).toBe(true);
    if (value === 0) dropped++;
  }
  const n = units.length;
  const sd = Math.sqrt(n * p * (1 - p));
  expect(Math.abs(dropped - n * p)).toBeLessThanOrEqual(5 * sd);
}
