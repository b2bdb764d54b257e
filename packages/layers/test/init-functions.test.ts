import { describe, expect, it } from 'vitest';
import { manualSeed, memory, tensor, tidy, zeros, type Tensor } from '@stride/core-tensor';
import { Linear, init, parameter } from '../src/index.ts';
import { erf } from '../src/init/erf.ts';
import { normCdf } from '../src/init/trunc-normal.ts';
import { checkNoLeaks } from './helpers.ts';
import fixture from './fixtures/init.json';

checkNoLeaks();

const values = (t: Tensor) => [...t.dataSync()];

describe('init.calculateGain and fans match torch 1.13', () => {
  it('gives torch.nn.init.calculate_gain for every nonlinearity and slope', () => {
    for (const [name, param, gain] of fixture.gains as [init.Nonlinearity, number | null, number][]) {
      expect(init.calculateGain(name, param ?? undefined)).toBeCloseTo(gain, 14);
    }
  });

  it('names the unknown nonlinearity and the valid ones', () => {
    expect(() => init.calculateGain('gelu' as init.Nonlinearity)).toThrow(
      /^init\.calculateGain: unsupported nonlinearity 'gelu' \(expected one of 'linear', .*'leaky_relu', 'selu'\)$/,
    );
    expect(() => init.calculateGain('leaky_relu', true as unknown as number)).toThrow(
      /init\.calculateGain: param \(negative_slope\) must be a number but got boolean true/,
    );
  });

  it("gives torch's _calculate_fan_in_and_fan_out for weights of every rank", () => {
    for (const [shape, fanIn, fanOut] of fixture.fans as [number[], number, number][]) {
      expect(init.calculateFanInAndFanOut(shape)).toEqual({ fanIn, fanOut });
    }
    const w = zeros([4, 3, 5, 5]);
    expect(init.calculateFanInAndFanOut(w)).toEqual({ fanIn: 75, fanOut: 100 });
    w.dispose();
  });

  it('refuses fans for tensors with fewer than 2 dims, naming the init and the shape', () => {
    expect(() => init.calculateFanInAndFanOut([5])).toThrow(/fewer than 2 dimensions \(got shape \[5\]\)/);
    const bias = zeros([5]);
    expect(() => init.xavierUniform(bias)).toThrow(/^init\.xavierUniform: fan in and fan out can not be computed .*\[5\]/);
    expect(() => init.kaimingNormal(bias)).toThrow(/^init\.kaimingNormal: fan in and fan out/);
    expect(() => init.orthogonal(bias)).toThrow(
      /^init\.orthogonal: only tensors with 2 or more dimensions are supported \(got shape \[5\]\)/,
    );
    bias.dispose();
  });
});

describe('init: in place, under noGrad, with clear errors', () => {
  it('fills the tensor itself and returns it, so an optimiser holding it sees the new values', () => {
    const fc = new Linear(3, 2);
    const w = fc.weight;
    expect(init.constant(w, 0.5)).toBe(w);
    expect(fc.weight).toBe(w);
    expect(values(w)).toEqual(new Array(6).fill(0.5));
    expect(init.zeros(fc.bias!)).toBe(fc.bias);
    expect(values(fc.bias!)).toEqual([0, 0]);
    expect(values(init.ones(w))).toEqual(new Array(6).fill(1));
    fc.dispose();
  });

  it('records no graph: a parameter keeps requiresGrad and backward gives it a plain gradient', () => {
    const p = parameter(zeros([2, 3]));
    init.kaimingUniform(p, { seed: 1 });
    init.orthogonal(p, { seed: 2 });
    init.truncNormal(p, { seed: 3 });
    expect(p.requiresGrad).toBe(true);
    tidy(() => p.mul(3).sum().backward());
    expect(values(p.grad!)).toEqual(new Array(6).fill(3));
    p.dispose();
  });

  it('frees every temporary, also inside a tidy', () => {
    const w = zeros([16, 8, 3, 3]);
    const before = memory().numTensors;
    tidy(() => {
      init.orthogonal(w);
      init.truncNormal(w);
      init.xavierNormal(w);
    });
    init.kaimingUniform(w, { mode: 'fan_out', nonlinearity: 'relu' });
    expect(memory().numTensors).toBe(before);
    w.dispose();
  });

  it('fills integer tensors with constants but refuses random draws into them', () => {
    const idx = zeros([1, 3], { dtype: 'int32' });
    expect(values(init.constant(idx, 7))).toEqual([7, 7, 7]);
    expect(() => init.uniform(idx)).toThrow(/^init\.uniform: tensor must be float32 but got int32 \[1, 3\]$/);
    expect(() => init.kaimingNormal(idx)).toThrow(/^init\.kaimingNormal: tensor must be float32 but got int32 \[1, 3\]/);
    idx.dispose();
  });

  it('rejects bad ranges, spreads and modes with the values given', () => {
    const w = zeros([4, 4]);
    expect(() => init.uniform(w, 1, 0)).toThrow(/^init\.uniform: expected a finite range a <= b .* but got a=1, b=0$/);
    expect(() => init.normal(w, 0, -1)).toThrow(/^init\.normal: expected a finite mean and std >= 0 but got mean=0, std=-1$/);
    expect(() => init.truncNormal(w, { std: 0 })).toThrow(
      /^init\.truncNormal: expected finite values with std > 0 and a <= b but got .*std=0/,
    );
    expect(() => init.truncNormal(w, { a: 1, b: -1 })).toThrow(/a=1, b=-1/);
    expect(() => init.kaimingUniform(w, { mode: 'fan_avg' as init.FanMode })).toThrow(
      /^init\.kaimingUniform: mode must be 'fan_in' or 'fan_out' but got 'fan_avg'$/,
    );
    expect(() => init.kaimingUniform(w, { nonlinearity: 'swish' as init.Nonlinearity })).toThrow(/unsupported nonlinearity 'swish'/);
    expect(() => init.orthogonal(w, { gain: Number.NaN })).toThrow(/^init\.orthogonal: gain must be a finite number but got NaN$/);
    expect(() => init.constant(null as never, 1)).toThrow(/^init\.constant: tensor must be a Tensor but got null$/);
    w.dispose();
  });

  it("accepts torch's mode in any case (torch lower-cases it) and leaves empty tensors as they are", () => {
    const w = zeros([3, 4]);
    const fanOut = values(init.kaimingUniform(w, { mode: 'fan_out', seed: 1 }));
    expect(values(init.kaimingUniform(w, { mode: 'FAN_OUT' as init.FanMode, seed: 1 }))).toEqual(fanOut);
    expect(values(init.kaimingUniform(w, { mode: 'fan_in', seed: 1 }))).not.toEqual(fanOut);
    const empty = zeros([0, 5]);
    expect(init.kaimingNormal(empty)).toBe(empty);
    expect(init.orthogonal(empty)).toBe(empty);
    [w, empty].forEach((t) => t.dispose());
  });
});

describe('init: seeding', () => {
  /** Every random init in turn, each drawing from the seed or the global generator; the values of each. */
  const draws = (seed?: number) => {
    const w = zeros([8, 5]);
    const out = [
      () => init.uniform(w, -1, 1, { seed }),
      () => init.normal(w, 0, 1, { seed }),
      () => init.xavierUniform(w, { seed }),
      () => init.xavierNormal(w, { seed }),
      () => init.kaimingUniform(w, { seed }),
      () => init.kaimingNormal(w, { seed }),
      () => init.truncNormal(w, { seed }),
      () => init.orthogonal(w, { seed }),
    ].map((fill) => values(fill()));
    w.dispose();
    return out;
  };

  it('the same seed gives the same values; manualSeed makes unseeded draws reproducible', () => {
    expect(draws(5)).toEqual(draws(5));
    manualSeed(11);
    const a = draws();
    manualSeed(11);
    expect(draws()).toEqual(a);
    expect(draws()).not.toEqual(a);
  });

  it('each init with a seed is reproducible on its own', () => {
    const w = zeros([6, 4]);
    for (const fill of [
      () => init.uniform(w, 0, 1, { seed: 3 }),
      () => init.normal(w, 2, 3, { seed: 3 }),
      () => init.xavierNormal(w, { seed: 3 }),
      () => init.kaimingUniform(w, { seed: 3 }),
      () => init.truncNormal(w, { seed: 3 }),
      () => init.orthogonal(w, { seed: 3 }),
    ]) {
      const first = values(fill());
      init.zeros(w);
      expect(values(fill())).toEqual(first);
    }
    w.dispose();
  });
});

describe('truncNormal and orthogonal building blocks against torch', () => {
  it("erf agrees with Python's math.erf to double precision", () => {
    for (const [x, e] of fixture.erf as [number, number][]) expect(Math.abs(erf(x) - e)).toBeLessThanOrEqual(2e-16 + 1e-15 * Math.abs(e));
  });

  it("the CDF points are torch's trunc_normal_ norm_cdf values", () => {
    for (const c of fixture.truncNormal) {
      expect(normCdf((c.a - c.mean) / c.std)).toBeCloseTo(c.lower, 15);
      expect(normCdf((c.b - c.mean) / c.std)).toBeCloseTo(c.upper, 15);
    }
  });

  it('erfinv on tensors matches torch.erfinv to float32 precision', async () => {
    const { erfinv } = await import('../src/init/erf.ts');
    const cases = fixture.erfinv as [number, number][];
    // The inputs are float32 values and the reference inverts them in float64, so this is the algorithm's own error.
    const got = tidy(() => values(erfinv(tensor(cases.map(([y]) => y)))));
    cases.forEach(([, e], i) => expect(Math.abs(got[i]! - e)).toBeLessThanOrEqual(5e-7 * Math.abs(e)));
  });

  it("orthogonal's recipe gives torch's orthogonal_ result for torch's own Gaussian draws", async () => {
    const { orthogonalFrom } = await import('../src/init/orthogonal.ts');
    for (const c of fixture.orthogonal) {
      const got = tidy(() => values(orthogonalFrom(tensor(c.flattened.data, c.flattened.shape), c.shape, c.gain)));
      const worst = Math.max(...got.map((v, i) => Math.abs(v - c.result.data[i]!)));
      expect(worst).toBeLessThan(2e-6 * c.gain);
    }
  });
});
