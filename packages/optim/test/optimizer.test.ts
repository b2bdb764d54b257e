import { describe, expect, it } from 'vitest';
import { memory, setBackend, tensor } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { Adagrad, Adam, AdamW, disposeStateDict, SGD } from '../src/index.js';

import { expectNoLeaks } from './helpers/no-leaks.js';

setBackend(cpu());

expectNoLeaks();

describe('Optimizer', () => {
  it('zeroGrad disposes each gradient and sets it to null', () => {
    const p = tensor([1, 2], [2], { requiresGrad: true });
    const g = tensor([1, 1], [2]);
    p.grad = g;
    new SGD([p], { lr: 0.1 }).zeroGrad();
    expect(p.grad).toBeNull();
    expect(g.isDisposed).toBe(true);
    p.dispose();
  });

  it('step skips parameters whose grad is null and creates no state for them', () => {
    const [a, b] = [tensor([1, 2], [2], { requiresGrad: true }), tensor([3], [1], { requiresGrad: true })];
    const opt = new Adam([a, b], { lr: 0.1 });
    a.grad = tensor([1, -1], [2]);
    opt.step();
    expect(Array.from(b.dataSync())).toEqual([3]);
    const sd = opt.stateDict();
    expect(Object.keys(sd.state)).toEqual(['0']);
    disposeStateDict(sd);
    opt.dispose();
    a.dispose();
    b.dispose();
  });

  it('accepts parameters that do not require grad (frozen), as torch.optim does, and leaves them alone', () => {
    const frozen = tensor([1, 2, 3], [3]);
    const trained = tensor([4, 5], [2], { requiresGrad: true });
    const opt = new SGD([{ params: [frozen], lr: 0.5 }, { params: [trained] }], { lr: 0.1, momentum: 0.9, weightDecay: 0.1 });
    trained.grad = tensor([1, -1], [2]);
    opt.step();
    opt.step();
    expect(Array.from(frozen.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(trained.dataSync())).not.toEqual([4, 5]);
    const sd = opt.stateDict();
    expect(Object.keys(sd.state)).toEqual(['1']);
    expect(sd.paramGroups.map((g) => g.params)).toEqual([[0], [1]]);
    disposeStateDict(sd);
    opt.dispose();
    for (const t of [frozen, trained]) t.dispose();
  });

  it('a parameter unfrozen later is trained from then on, with state created at its first grad', () => {
    const p = tensor([1, 2], [2]);
    const opt = new Adam([p], { lr: 0.1 });
    opt.step();
    expect(Array.from(p.dataSync())).toEqual([1, 2]);
    p.requiresGrad = true;
    p.grad = tensor([1, 1], [2]);
    opt.step();
    // Adam's first step moves each element by lr (m̂ / √v̂ = 1 for a constant gradient).
    expect(Array.from(p.dataSync()).map((v) => +v.toFixed(5))).toEqual([0.9, 1.9]);
    opt.dispose();
    p.dispose();
  });

  it('param groups fill unset options from the defaults and keep their own', () => {
    const [a, b] = [tensor([1], [1], { requiresGrad: true }), tensor([2], [1], { requiresGrad: true })];
    const opt = new AdamW([{ params: [a] }, { params: [b], lr: 0.5, betas: [0.8, 0.9] }], { lr: 0.1 });
    expect(opt.paramGroups.map(({ params, ...h }) => ({ n: params.length, ...h }))).toEqual([
      { n: 1, lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false },
      { n: 1, lr: 0.5, betas: [0.8, 0.9], eps: 1e-8, weightDecay: 1e-2, amsgrad: false },
    ]);
    a.dispose();
    b.dispose();
  });

  it('uses the live paramGroups[i].lr at each step', () => {
    const p = tensor([1], [1], { requiresGrad: true });
    const opt = new SGD([p], { lr: 0.1 });
    opt.paramGroups[0]!.lr = 0.5;
    p.grad = tensor([1], [1]);
    opt.step();
    expect(p.dataSync()[0]).toBeCloseTo(0.5, 6);
    p.dispose();
  });

  it('keeps the parameter tensors themselves, updating them in place', () => {
    const p = tensor([1], [1], { requiresGrad: true });
    const opt = new SGD([p], { lr: 0.1 });
    p.grad = tensor([1], [1]);
    opt.step();
    expect(opt.paramGroups[0]!.params[0]).toBe(p);
    expect(p.requiresGrad).toBe(true);
    expect(p.grad).not.toBeNull();
    p.dispose();
  });

  it('Adagrad creates its state at construction, as torch.optim.Adagrad', () => {
    const p = tensor([1, 2], [2], { requiresGrad: true });
    const opt = new Adagrad([p], { initialAccumulatorValue: 0.25 });
    const sd = opt.stateDict();
    expect(sd.state[0]!.step).toBe(0);
    expect(Array.from(sd.state[0]!.sum.dataSync())).toEqual([0.25, 0.25]);
    sd.state[0]!.sum.dispose();
    opt.dispose();
    p.dispose();
  });

  it('dispose frees every state buffer', () => {
    const p = tensor([1, 2], [2], { requiresGrad: true });
    p.grad = tensor([1, 1], [2]);
    const before = memory().numTensors;
    const opt = new Adam([p], { amsgrad: true });
    opt.step();
    expect(memory().numTensors).toBe(before + 3);
    opt.dispose();
    expect(memory().numTensors).toBe(before);
    p.dispose();
  });
});
