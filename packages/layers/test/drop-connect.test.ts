import { describe, expect, it } from 'vitest';
import { functional as F, randn, tidy, type Tensor } from '@stride/core-tensor';
import { Conv2d, DropConnect, Linear, ReLU, Sequential, type Module } from '../src/index.ts';
import { checkNoLeaks } from './helpers.ts';

checkNoLeaks();

const values = (t: Tensor): number[] => Array.from(t.dataSync());

/** Runs `fn` in a tidy and returns the values of the tensor it gives. */
const valuesOf = (fn: () => Tensor): number[] => tidy(() => values(fn()));

describe('DropConnect', () => {
  it("keeps the wrapped module as the child 'module': state-dict keys module.weight, module.bias", () => {
    const net = new Sequential(new DropConnect(new Linear(4, 3), { p: 0.5 }), new ReLU());
    expect(Object.keys(net.stateDict())).toEqual(['0.module.weight', '0.module.bias']);
    expect(net.namedParameters().map(([k]) => k)).toEqual(['0.module.weight', '0.module.bias']);
    net.dispose();
  });

  it('is the wrapped module in eval mode', () => {
    const linear = new Linear(5, 4);
    const wrapped = new DropConnect(linear, { p: 0.9 }).eval();
    const x = randn([3, 5], { seed: 1 });
    expect(valuesOf(() => wrapped.forward(x))).toEqual(valuesOf(() => linear.forward(x)));
    x.dispose();
    wrapped.dispose();
  });

  it('in training drops weights with the mask F.dropout draws for its seed, scaled by 1/(1−p)', () => {
    const linear = new Linear(6, 4);
    const wrapped = new DropConnect(linear, { p: 0.4, seed: 17 });
    const x = randn([3, 6], { seed: 2 });
    const expected = valuesOf(() => F.linear(x, F.dropout(linear.weight, { p: 0.4, seed: 17 }), linear.bias));
    expect(valuesOf(() => wrapped.forward(x))).toEqual(expected);
    // The next call draws the next mask of the sequence, and the weight itself is left untouched.
    expect(valuesOf(() => wrapped.forward(x))).not.toEqual(expected);
    expect(wrapped.module.weight).toBe(linear.weight);
    expect(wrapped.parameters()).toEqual([linear.weight, linear.bias]);
    x.dispose();
    wrapped.dispose();
  });

  it('sends the gradient to the wrapped weight through the mask: dropped weights get none', () => {
    const wrapped = new DropConnect(new Linear(8, 5), { p: 0.5, seed: 3 });
    const { weight } = wrapped.module;
    const x = randn([4, 8], { seed: 4 });
    tidy(() => wrapped.forward(x).sum().backward());
    const mask = valuesOf(() => F.dropout(weight.detach().mul(0).add(1), { p: 0.5, seed: 3 }));
    // d(sum y)/dW[o, i] = mask[o, i]·Σₙ x[n, i]
    const columnSums = valuesOf(() => x.sum(0));
    const expected = mask.map((m, k) => m * columnSums[k % 8]!);
    const grad = values(weight.grad!);
    grad.forEach((g, k) => expect(g).toBeCloseTo(expected[k]!, 5));
    expect(grad.filter((g, k) => mask[k] === 0 && g !== 0)).toEqual([]);
    expect(mask.filter((m) => m === 0).length).toBeGreaterThan(0);
    x.dispose();
    wrapped.dispose();
  });

  it("wraps a Conv2d and runs it with the conv's own options", () => {
    const conv = new Conv2d(2, 3, 3, { padding: 1, stride: 2 });
    const wrapped = new DropConnect(conv, { p: 0.3, seed: 8 });
    const x = randn([1, 2, 5, 5], { seed: 5 });
    const expected = valuesOf(() => F.conv2d(x, F.dropout(conv.weight, { p: 0.3, seed: 8 }), conv.bias, { padding: 1, stride: 2 }));
    expect(valuesOf(() => wrapped.forward(x))).toEqual(expected);
    expect(Object.keys(wrapped.stateDict())).toEqual(['module.weight', 'module.bias']);
    x.dispose();
    wrapped.dispose();
  });

  it('with p 1 leaves only the bias', () => {
    const linear = new Linear(3, 2);
    const wrapped = new DropConnect(linear, { p: 1 });
    const x = randn([2, 3], { seed: 6 });
    const bias = values(linear.bias!);
    expect(valuesOf(() => wrapped.forward(x))).toEqual([...bias, ...bias]);
    x.dispose();
    wrapped.dispose();
  });

  it('refuses a module without a weight and p outside [0, 1]', () => {
    expect(() => new DropConnect(new ReLU() as unknown as Linear)).toThrow(
      'DropConnect: module must be a layer with a weight tensor (Linear, Conv) but got ReLU (no weight tensor)',
    );
    const linear: Module = new Linear(2, 2);
    expect(() => new DropConnect(linear as Linear, { p: 1.5 })).toThrow('DropConnect: p must be a probability in [0, 1] but got 1.5');
    linear.dispose();
  });
});
