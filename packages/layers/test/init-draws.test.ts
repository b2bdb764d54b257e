import { describe, expect, it } from 'vitest';
import { tidy, zeros, type Tensor } from '@stride/core-tensor';
import { init } from '../src/index.ts';
import { checkNoLeaks } from './helpers.ts';
import fixture from './fixtures/init.json';

checkNoLeaks();

/**
 * Rule checks on large tensors with fixed seeds: the sample mean within 5 standard errors of the
 * distribution's mean, the sample std within 5 standard errors of its std (relative standard
 * error ≤ 0.71/√n for the normal and ≤ 0.45/√n for the uniform), and the support respected.
 */
interface Moments {
  n: number;
  mean: number;
  std: number;
  min: number;
  max: number;
}

function moments(t: Tensor): Moments {
  const v = t.dataSync();
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const x of v) {
    sum += x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = sum / v.length;
  let squares = 0;
  for (const x of v) squares += (x - mean) ** 2;
  return { n: v.length, mean, std: Math.sqrt(squares / v.length), min, max };
}

function drawn(shape: number[], fill: (t: Tensor) => Tensor): Moments {
  const t = zeros(shape);
  const m = moments(fill(t));
  t.dispose();
  return m;
}

function expectMoments(m: Moments, mean: number, std: number): void {
  expect(Math.abs(m.mean - mean)).toBeLessThan((5 * std) / Math.sqrt(m.n));
  expect(Math.abs(m.std / std - 1)).toBeLessThan(5 * (0.71 / Math.sqrt(m.n)));
}

/** U(−bound, bound): inside the bounds, reaching close to both ends, with std bound/√3. */
function expectUniform(m: Moments, bound: number): void {
  expect(m.max).toBeLessThanOrEqual(Math.fround(bound));
  expect(m.min).toBeGreaterThanOrEqual(-Math.fround(bound));
  // The gap between the largest of n draws and the bound exceeds 20·range/n with probability e^-40.
  expect(m.max).toBeGreaterThan(bound - (40 * bound) / m.n);
  expect(m.min).toBeLessThan(-bound + (40 * bound) / m.n);
  expectMoments(m, 0, bound / Math.sqrt(3));
}

describe('uniform and normal', () => {
  it('uniform(t, a, b) stays in [a, b] with mean (a+b)/2 and std (b−a)/√12', () => {
    const m = drawn([400, 500], (t) => init.uniform(t, -3, 5, { seed: 1 }));
    expect(m.min).toBeGreaterThanOrEqual(-3);
    expect(m.max).toBeLessThanOrEqual(5);
    expect([m.min, m.max]).toEqual([expect.closeTo(-3, 3), expect.closeTo(5, 3)]);
    expectMoments(m, 1, 8 / Math.sqrt(12));
  });

  it('uniform defaults to U(0, 1) and normal to N(0, 1)', () => {
    const u = drawn([200_000], (t) => init.uniform(t, undefined, undefined, { seed: 2 }));
    expect(u.min).toBeGreaterThanOrEqual(0);
    expect(u.max).toBeLessThan(1);
    expectMoments(u, 0.5, 1 / Math.sqrt(12));
    expectMoments(
      drawn([200_000], (t) => init.normal(t, undefined, undefined, { seed: 3 })),
      0,
      1,
    );
  });

  it('normal(t, mean, std) has that mean and std', () => {
    expectMoments(
      drawn([500, 400], (t) => init.normal(t, -2, 0.3, { seed: 4 })),
      -2,
      0.3,
    );
  });
});

describe("xavier and kaiming, at torch's std and bounds", () => {
  for (const c of fixture.xavier) {
    it(`xavierUniform/xavierNormal on [${c.shape}] with gain ${c.gain.toFixed(3)}: bound ${c.bound.toPrecision(4)}, std ${c.std.toPrecision(4)}`, () => {
      expectUniform(
        drawn(c.shape, (t) => init.xavierUniform(t, { gain: c.gain, seed: 5 })),
        c.bound,
      );
      expectMoments(
        drawn(c.shape, (t) => init.xavierNormal(t, { gain: c.gain, seed: 6 })),
        0,
        c.std,
      );
    });
  }

  for (const c of fixture.kaiming) {
    const opts = c.opts as init.KaimingOptions;
    it(`kaimingUniform/kaimingNormal on [${c.shape}] with ${JSON.stringify(opts)}: bound ${c.bound.toPrecision(4)}, std ${c.std.toPrecision(4)}`, () => {
      expectUniform(
        drawn(c.shape, (t) => init.kaimingUniform(t, { ...opts, seed: 7 })),
        c.bound,
      );
      expectMoments(
        drawn(c.shape, (t) => init.kaimingNormal(t, { ...opts, seed: 8 })),
        0,
        c.std,
      );
    });
  }
});

describe('truncNormal', () => {
  for (const c of fixture.truncNormal) {
    it(`N(${c.mean}, ${c.std}²) cut to [${c.a}, ${c.b}] stays inside, reaches near both cutoffs and has the truncated moments`, () => {
      const m = drawn([300_000], (t) => init.truncNormal(t, { mean: c.mean, std: c.std, a: c.a, b: c.b, seed: 9 }));
      expect(m.min).toBeGreaterThanOrEqual(c.a);
      expect(m.max).toBeLessThanOrEqual(c.b);
      // Cutoffs within 3 std of the mean are reached; farther ones lie beyond any of 300,000 draws.
      if ((c.mean - c.a) / c.std <= 3) expect(m.min).toBeLessThan(c.a + 0.01 * c.std);
      if ((c.b - c.mean) / c.std <= 3) expect(m.max).toBeGreaterThan(c.b - 0.01 * c.std);
      expectMoments(m, c.truncMean, c.truncStd);
    });
  }

  it('defaults to mean 0, std 1, cutoffs ±2', () => {
    const m = drawn([100_000], (t) => init.truncNormal(t, { seed: 10 }));
    expect([m.min >= -2, m.max <= 2, m.min < -1.99, m.max > 1.99]).toEqual([true, true, true, true]);
  });
});

describe('orthogonal', () => {
  /** max |AᵀA − gain²·I| for A the [rows, cols] view of t, over its smaller side. */
  function orthogonalityError(t: Tensor, gain: number): number {
    return tidy(() => {
      const rows = t.shape[0]!;
      const a = t.reshape([rows, t.numel() / rows]);
      const gram = rows >= a.shape[1]! ? a.t().matmul(a) : a.matmul(a.t());
      const n = gram.shape[0]!;
      const g = gram.dataSync();
      let worst = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(g[i * n + j]! - (i === j ? gain * gain : 0)));
      return worst;
    });
  }

  const cases: [string, number[], number][] = [
    ['a tall matrix: WᵀW = I', [96, 40], 1],
    ['a wide matrix: WWᵀ = gain²·I', [24, 70], 2],
    ['a square matrix with relu gain', [50, 50], Math.SQRT2],
    ['a conv weight [out, in, kH, kW] flattened to [out, in·kH·kW] (wide)', [16, 8, 3, 3], 1],
    ['a conv weight with more filters than in·kH·kW (tall)', [64, 2, 3, 3], 0.5],
  ];
  for (const [what, shape, gain] of cases) {
    it(`fills ${what}`, () => {
      const w = zeros(shape);
      init.orthogonal(w, { gain, seed: 11 });
      expect(orthogonalityError(w, gain)).toBeLessThan(2e-5 * gain * gain);
      w.dispose();
    });
  }

  it('is not the same matrix for two seeds, and its entries have std gain/√(larger side)', () => {
    const a = zeros([200, 100]);
    const b = zeros([200, 100]);
    init.orthogonal(a, { seed: 1 });
    init.orthogonal(b, { seed: 2 });
    expect(tidy(() => a.sub(b).abs().max().dataSync()[0]!)).toBeGreaterThan(0.05);
    // Columns are unit vectors in R^200: entries have variance 1/200.
    expectMoments(moments(a), 0, 1 / Math.sqrt(200));
    [a, b].forEach((t) => t.dispose());
  });
});
