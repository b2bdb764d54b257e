import { describe, expect, it } from 'vitest';
import { ones, tidy } from '@stride/core-tensor';
import {
  Dropout2d,
  ELU,
  Hardsigmoid,
  Hardswish,
  Mish,
  PReLU,
  ReLU6,
  SELU,
  SiLU,
  Softplus,
  StochasticDepth,
  type Module,
} from '../src/index.ts';
import { checkNoLeaks } from './helpers.ts';
import { checkAgainstTorch, type TorchRecord } from './torch-record.ts';
import fixture from './fixtures/activation_loss_modules.json';

checkNoLeaks();

const records = fixture.modules as Record<string, TorchRecord>;

describe('0.2 activation modules give PyTorch 1.13 output and gradients', () => {
  const cases: Record<string, () => Module> = {
    elu: () => new ELU(0.5),
    selu: () => new SELU(),
    silu: () => new SiLU(),
    mish: () => new Mish(),
    softplus: () => new Softplus(2, 3),
    relu6: () => new ReLU6(),
    hardswish: () => new Hardswish(),
    hardsigmoid: () => new Hardsigmoid(),
    prelu: () => new PReLU(3, { init: 0.1 }),
    preluShared: () => new PReLU(),
    preluLoaded: () => new PReLU(3),
    dropout2d: () => new Dropout2d(0.5),
    stochasticDepth: () => new StochasticDepth(0.3, 'row'),
  };
  for (const [name, make] of Object.entries(cases)) {
    it(name, () => checkAgainstTorch(make(), records[name]!));
  }
});

describe('constructor options', () => {
  it('ELU and Softplus take positional arguments or an options object', () => {
    expect(new ELU({ alpha: 0.3 }).alpha).toBe(0.3);
    expect(new ELU().alpha).toBe(1);
    const softplus = new Softplus({ threshold: 5 });
    expect([softplus.beta, softplus.threshold]).toEqual([1, 5]);
    expect([new Softplus().beta, new Softplus().threshold]).toEqual([1, 20]);
  });

  it("PReLU's slopes are the parameter 'weight', initialised to init", () => {
    const prelu = new PReLU(4, { init: 0.1 });
    expect(Object.keys(prelu.stateDict())).toEqual(['weight']);
    expect(prelu.parameters()).toEqual([prelu.weight]);
    expect([...prelu.weight.shape]).toEqual([4]);
    expect(Array.from(prelu.weight.dataSync())).toEqual(Array(4).fill(Math.fround(0.1)));
    const shared = new PReLU();
    expect([...shared.weight.shape]).toEqual([1]);
    prelu.dispose();
    shared.dispose();
  });

  it('PReLU refuses a negative or fractional numParameters', () => {
    expect(() => new PReLU(-1)).toThrow('PReLU: numParameters must be a non-negative integer but got -1');
    expect(() => new PReLU(1.5)).toThrow('PReLU: numParameters must be a non-negative integer but got 1.5');
  });
});

/** Runs `m` on ones of `shape` and returns the output values. */
function onesThrough(m: Module, shape: number[]): number[] {
  return tidy(() => Array.from(m.forward(ones(shape)).dataSync()));
}

describe('Dropout2d', () => {
  it('in training zeroes whole channels and scales the others by 1/(1−p)', () => {
    const values = onesThrough(new Dropout2d(0.25), [10, 40, 2, 2]);
    const channels = Array.from({ length: 400 }, (_, c) => values.slice(c * 4, c * 4 + 4));
    const scale = Math.fround(1 / 0.75);
    for (const ch of channels) expect(ch.every((v) => v === ch[0]) && (ch[0] === 0 || ch[0] === scale)).toBe(true);
    const dropped = channels.filter((ch) => ch[0] === 0).length;
    // Binomial(400, 0.25): mean 100, standard deviation 8.7; five of them either side.
    expect(Math.abs(dropped - 100)).toBeLessThanOrEqual(44);
  });

  it('is the identity in eval mode', () => {
    expect(onesThrough(new Dropout2d(0.9).eval(), [2, 3, 2])).toEqual(Array(12).fill(1));
  });

  it('with a seed replays the same sequence of masks', () => {
    const [a, b] = [new Dropout2d({ p: 0.5, seed: 3 }), new Dropout2d({ p: 0.5, seed: 3 })];
    const first = onesThrough(a, [4, 16, 1]);
    expect(onesThrough(b, [4, 16, 1])).toEqual(first);
    expect(onesThrough(a, [4, 16, 1])).not.toEqual(first);
  });

  it('refuses p outside [0, 1]', () => {
    expect(() => new Dropout2d(-0.5)).toThrow('Dropout2d: p must be a probability in [0, 1] but got -0.5');
  });
});

describe('StochasticDepth', () => {
  it("in training with mode 'row' drops whole samples and scales the others by 1/(1−p)", () => {
    const values = onesThrough(new StochasticDepth(0.2, 'row', { seed: 5 }), [500, 3]);
    const samples = Array.from({ length: 500 }, (_, n) => values.slice(n * 3, n * 3 + 3));
    const scale = Math.fround(1 / 0.8);
    for (const s of samples) expect(s.every((v) => v === s[0]) && (s[0] === 0 || s[0] === scale)).toBe(true);
    // Binomial(500, 0.2): mean 100, standard deviation 8.9.
    expect(Math.abs(samples.filter((s) => s[0] === 0).length - 100)).toBeLessThanOrEqual(45);
  });

  it("in training with mode 'batch' keeps or drops the whole batch", () => {
    const m = new StochasticDepth(0.5, 'batch', { seed: 1 });
    const outcomes = Array.from({ length: 40 }, () => new Set(onesThrough(m, [3, 2])));
    for (const o of outcomes) expect(o.size).toBe(1);
    expect(new Set(outcomes.map((o) => [...o][0]))).toEqual(new Set([0, 2]));
  });

  it('is the identity in eval mode', () => {
    expect(onesThrough(new StochasticDepth(1, 'row').eval(), [2, 3])).toEqual(Array(6).fill(1));
  });

  it('refuses p outside [0, 1] and an unknown mode', () => {
    expect(() => new StochasticDepth(2, 'row')).toThrow('StochasticDepth: p must be a probability in [0, 1] but got 2');
    expect(() => new StochasticDepth(0.5, 'col' as 'row')).toThrow("StochasticDepth: mode must be 'row' or 'batch' but got 'col'");
  });
});
