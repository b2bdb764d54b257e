import { describe, expect, it } from 'vitest';
import { memory, setBackend, tensor, Tensor } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { Adam, disposeStateDict, SGD } from '../src/index.js';
import { expectClose, fixtureCase, makeOptimizer, makeParams, setGrads } from './helpers/fixtures.js';

import { expectNoLeaks } from './helpers/no-leaks.js';

setBackend(cpu());

expectNoLeaks();

const RESUMED = [
  'sgd-momentum',
  'sgd-param-groups',
  'adagrad-lr-decay',
  'rmsprop-centered',
  'adam-amsgrad',
  'adam-param-groups',
  'adamw-weight-decay',
  // Split at step 3, while a parameter is frozen: its paused state must survive the round trip.
  'sgd-momentum-frozen-mid-run',
  'adam-frozen-mid-run',
  'rmsprop-momentum-frozen-mid-run',
  'sgd-nesterov-frozen-from-start',
  'adagrad-frozen-from-start',
];
const SPLIT = 3;

describe('stateDict → new optimizer → loadStateDict', () => {
  for (const name of RESUMED) {
    it(`${name}: continues the trajectory exactly as the uninterrupted optimizer does`, () => {
      const before = memory().numTensors;
      const c = fixtureCase(name);
      const params = makeParams(c);
      const opt = makeOptimizer(c, params);
      for (let s = 0; s < SPLIT; s++) {
        setGrads(params, c.grads[s]!);
        opt.step();
      }
      const saved = opt.stateDict();
      const resumedParams = params.map((p) => {
        const q = p.clone();
        q.requiresGrad = true;
        return q;
      });
      const resumed = makeOptimizer(c, resumedParams);
      resumed.loadStateDict(saved);
      disposeStateDict(saved);
      for (let s = SPLIT; s < c.grads.length; s++) {
        setGrads(params, c.grads[s]!);
        setGrads(resumedParams, c.grads[s]!);
        opt.step();
        resumed.step();
        resumedParams.forEach((q, i) => {
          expect(Array.from(q.dataSync())).toEqual(Array.from(params[i]!.dataSync()));
          expectClose(`${name} resumed step ${s + 1} param ${i}`, q.dataSync(), c.trajectory[s]![i]!);
        });
      }
      for (const o of [opt, resumed]) o.dispose();
      for (const p of [...params, ...resumedParams]) p.dispose();
      expect(memory().numTensors).toBe(before);
    });
  }
});

describe('stateDict structure', () => {
  it("has PyTorch's layout: state keyed by parameter index, groups with hyperparameters and index lists", () => {
    const a = tensor([1, 2, 3], [3], { requiresGrad: true });
    const b = tensor([4, 5], [2], { requiresGrad: true });
    const opt = new Adam([{ params: [b] }, { params: [a], lr: 0.5 }], { lr: 0.1, amsgrad: true });
    b.grad = tensor([1, -1], [2]);
    opt.step();
    const sd = opt.stateDict();
    expect(Object.keys(sd.state)).toEqual(['0']);
    expect(Object.keys(sd.state[0]!).sort()).toEqual(['expAvg', 'expAvgSq', 'maxExpAvgSq', 'step']);
    expect(sd.state[0]!.step).toBe(1);
    expect(sd.state[0]!.expAvg).toBeInstanceOf(Tensor);
    expect(sd.paramGroups).toEqual([
      { lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: true, params: [0] },
      { lr: 0.5, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: true, params: [1] },
    ]);
    disposeStateDict(sd);
    opt.dispose();
    a.dispose();
    b.dispose();
  });

  it('returns copies the caller owns: disposing them leaves the optimizer working', () => {
    const p = tensor([1, 2], [2], { requiresGrad: true });
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9 });
    p.grad = tensor([1, 1], [2]);
    opt.step();
    disposeStateDict(opt.stateDict());
    opt.step();
    // buf = 0.9·1 + 1 = 1.9 on the second step: p = [1, 2] − 0.1·1 − 0.1·1.9
    expect(Array.from(p.dataSync()).map((v) => +v.toFixed(5))).toEqual([0.71, 1.71]);
    opt.dispose();
    p.dispose();
  });

  it('loads the saved hyperparameters, such as a scheduled lr', () => {
    const p = tensor([1], [1], { requiresGrad: true });
    const source = new SGD([p], { lr: 0.1 });
    source.paramGroups[0]!.lr = 0.025;
    const target = new SGD([p], { lr: 0.1 });
    const sd = source.stateDict();
    target.loadStateDict(sd);
    disposeStateDict(sd);
    expect(target.paramGroups[0]!.lr).toBe(0.025);
    expect(target.paramGroups[0]!.params[0]).toBe(p);
    p.dispose();
  });

  it('rejects a state dict with a different number of param groups', () => {
    const [a, b] = [tensor([1], [1], { requiresGrad: true }), tensor([2], [1], { requiresGrad: true })];
    const two = new SGD([{ params: [a] }, { params: [b] }], { lr: 0.1 });
    const one = new SGD([a, b], { lr: 0.1 });
    expect(() => one.loadStateDict(two.stateDict())).toThrow(
      'SGD.loadStateDict: the state dict has 2 param groups but the optimizer has 1 (expected equal)',
    );
    a.dispose();
    b.dispose();
  });

  it('rejects a state dict whose group has a different number of params', () => {
    const [a, b] = [tensor([1], [1], { requiresGrad: true }), tensor([2], [1], { requiresGrad: true })];
    const small = new Adam([a], { lr: 0.1 });
    const large = new Adam([a, b], { lr: 0.1 });
    expect(() => large.loadStateDict(small.stateDict())).toThrow(
      'Adam.loadStateDict: paramGroups[0] has 1 params in the state dict but 2 in the optimizer (expected equal)',
    );
    a.dispose();
    b.dispose();
  });

  it('rejects a buffer whose shape differs from its parameter, keeping the state it had', () => {
    const p = tensor([1, 2, 3], [3], { requiresGrad: true });
    const q = tensor([1, 2], [2], { requiresGrad: true });
    const small = new SGD([q], { lr: 0.1, momentum: 0.9 });
    q.grad = tensor([1, 1], [2]);
    small.step();
    const large = new SGD([p], { lr: 0.1, momentum: 0.9 });
    const sd = small.stateDict();
    const before = memory().numTensors;
    expect(() => large.loadStateDict(sd)).toThrow(
      'SGD.loadStateDict: state[0].momentumBuffer has shape [2] but parameter 0 has shape [3] (expected equal)',
    );
    expect(memory().numTensors).toBe(before);
    disposeStateDict(sd);
    small.dispose();
    p.dispose();
    q.dispose();
  });
});
