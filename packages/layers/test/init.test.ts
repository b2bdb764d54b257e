import { describe, expect, it } from 'vitest';
import { manualSeed, type Tensor } from '@stride/core-tensor';
import { Conv2d, ConvTranspose2d, Linear, kaimingUniformBound } from '../src/index.ts';
import { checkNoLeaks } from './helpers.ts';

checkNoLeaks();

const maxAbs = (t: Tensor) => Math.max(...[...t.dataSync()].map(Math.abs));
/** Every value inside ±bound, and (for many draws) the largest close to it: the range is U(±bound). */
function expectUniformWithin(t: Tensor, bound: number, fill: number): void {
  expect(maxAbs(t)).toBeLessThanOrEqual(bound);
  expect(maxAbs(t)).toBeGreaterThan(fill * bound);
}
const values = (t: Tensor | null) => [...(t?.dataSync() ?? [])];

describe('PyTorch default initialisation', () => {
  it('kaiming_uniform with a=√5 has bound gain·√(3/fanIn) = 1/√fanIn', () => {
    expect(kaimingUniformBound(25)).toBeCloseTo(0.2, 12);
    // a = 0 (PyTorch's kaiming_uniform_ default): gain √2, bound √(6/fanIn).
    expect(kaimingUniformBound(6, 0)).toBeCloseTo(1, 12);
  });

  it('Linear weight and bias lie in ±1/√inFeatures and fill that range', () => {
    const fc = new Linear(400, 300, { seed: 1 });
    const bound = 1 / Math.sqrt(400);
    expectUniformWithin(fc.weight, bound, 0.99);
    expectUniformWithin(fc.bias!, bound, 0.9);
    fc.dispose();
  });

  it('Conv2d uses fanIn = inChannels/groups · kH · kW', () => {
    const conv = new Conv2d(8, 64, [3, 5], { groups: 2, seed: 2 });
    const bound = 1 / Math.sqrt(4 * 3 * 5);
    expectUniformWithin(conv.weight, bound, 0.99);
    expectUniformWithin(conv.bias!, bound, 0.8);
    conv.dispose();
  });

  it('ConvTranspose2d takes fanIn from weight dim 1 (outChannels/groups · kH · kW), as torch does', () => {
    const deconv = new ConvTranspose2d(64, 6, 3, { groups: 2, seed: 3 });
    expect([...deconv.weight.shape]).toEqual([64, 3, 3, 3]);
    const bound = 1 / Math.sqrt(3 * 3 * 3);
    expectUniformWithin(deconv.weight, bound, 0.99);
    expect(maxAbs(deconv.bias!)).toBeLessThanOrEqual(bound);
    deconv.dispose();
  });

  it('draws weights with mean ≈ 0 and the uniform variance bound²/3', () => {
    const fc = new Linear(100, 200, { seed: 4 });
    const w = values(fc.weight);
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    const variance = w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length;
    expect(Math.abs(mean)).toBeLessThan(0.002);
    expect(variance).toBeCloseTo(0.01 / 3, 4);
    fc.dispose();
  });
});

describe('seeding', () => {
  it('the same seed gives the same weights and biases', () => {
    const a = new Conv2d(3, 4, 3, { seed: 42 });
    const b = new Conv2d(3, 4, 3, { seed: 42 });
    expect(values(a.weight)).toEqual(values(b.weight));
    expect(values(a.bias)).toEqual(values(b.bias));
    a.dispose();
    b.dispose();
  });

  it('different seeds give different weights, and weight and bias draw from different streams', () => {
    const a = new Linear(4, 4, { seed: 1 });
    const b = new Linear(4, 4, { seed: 2 });
    expect(values(a.weight)).not.toEqual(values(b.weight));
    expect(values(a.weight).slice(0, 4)).not.toEqual(values(a.bias));
    a.dispose();
    b.dispose();
  });

  it('manualSeed makes unseeded construction reproducible', () => {
    manualSeed(7);
    const a = [new Linear(3, 2), new Conv2d(1, 2, 3)];
    manualSeed(7);
    const b = [new Linear(3, 2), new Conv2d(1, 2, 3)];
    expect(a.flatMap((m) => m.parameters().map(values))).toEqual(b.flatMap((m) => m.parameters().map(values)));
    const c = new Linear(3, 2);
    expect(values(c.weight)).not.toEqual(values(a[0]!.parameters()[0]!));
    [...a, ...b, c].forEach((m) => m.dispose());
  });

  it('bias: false leaves bias null', () => {
    const conv = new Conv2d(1, 2, 3, { bias: false });
    expect(conv.bias).toBeNull();
    expect(conv.parameters()).toHaveLength(1);
    conv.dispose();
  });
});
