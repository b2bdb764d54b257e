import { describe, expect, it } from 'vitest';
import { functional as F, memory, randn, setBackend, tensor, tidy, type Tensor } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { Adagrad, Adam, AdamW, clipGradNorm, OneCycleLR, RMSprop, SGD, type Optimizer, type ParamState } from '../src/index.js';

setBackend(cpu());

type Make = (params: Tensor[]) => Optimizer<{ lr: number }, ParamState>;
const OPTIMIZERS: [string, Make][] = [
  ['SGD with nesterov momentum and weight decay', (p) => new SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-4 })],
  ['Adagrad', (p) => new Adagrad(p, { lr: 0.1, weightDecay: 1e-4 })],
  ['RMSprop centered with momentum', (p) => new RMSprop(p, { lr: 0.01, momentum: 0.9, centered: true })],
  ['Adam with amsgrad', (p) => new Adam(p, { lr: 0.01, amsgrad: true, weightDecay: 1e-4 })],
  ['AdamW', (p) => new AdamW(p, { lr: 0.01 })],
];

/** A tiny linear layer: by default a classifier of 4 features into 3 classes. */
function linearModel(inFeatures = 4, outFeatures = 3, seed = 1) {
  const weight = tidy(() => randn([outFeatures, inFeatures], { seed }).mul(0.5));
  const bias = tensor(new Array<number>(outFeatures).fill(0), [outFeatures]);
  for (const p of [weight, bias]) p.requiresGrad = true;
  return { weight, bias, forward: (x: Tensor) => F.linear(x, weight, bias) };
}

describe('the canonical training step', () => {
  for (const [name, make] of OPTIMIZERS) {
    it(`${name}: keeps parameters and state, leaks nothing, and lowers the loss`, async () => {
      const before = memory().numTensors;
      const model = linearModel();
      const x = randn([6, 4], { seed: 2 });
      const y = tensor([0, 1, 2, 0, 1, 2], [6], { dtype: 'int32' });
      const opt = make([model.weight, model.bias]);
      const losses: number[] = [];
      const live: number[] = [];
      for (let s = 0; s < 6; s++) {
        const loss = tidy(() => {
          opt.zeroGrad();
          const loss = F.crossEntropy(model.forward(x), y);
          loss.backward();
          opt.step();
          return loss;
        });
        losses.push((await loss.data())[0]!);
        loss.dispose();
        live.push(memory().numTensors);
      }
      // The first step creates the state lazily; after it, the count of live tensors is flat.
      expect(new Set(live.slice(1)).size).toBe(1);
      expect(losses[5]!).toBeLessThan(losses[0]!);
      opt.dispose();
      for (const t of [model.weight, model.bias, x, y]) t.dispose();
      expect(memory().numTensors).toBe(before);
    });
  }

  it('fine-tuning: a frozen layer gets no grad from backward, is skipped, and stays bit-identical', async () => {
    const before = memory().numTensors;
    const backbone = linearModel(4, 4, 5);
    const head = linearModel(4, 3, 6);
    for (const p of [backbone.weight, backbone.bias]) p.requiresGrad = false;
    const frozenBefore = [backbone.weight, backbone.bias].map((p) => Array.from(p.dataSync()));
    const x = randn([6, 4], { seed: 4 });
    const y = tensor([0, 1, 2, 2, 1, 0], [6], { dtype: 'int32' });
    // All parameters in the optimizer, as `new SGD(model.parameters(), …)` does when part of the model is frozen.
    const opt = new SGD([backbone.weight, backbone.bias, head.weight, head.bias], { lr: 0.1, momentum: 0.9 });
    const losses: number[] = [];
    for (let s = 0; s < 5; s++) {
      const loss = tidy(() => {
        opt.zeroGrad();
        const loss = F.crossEntropy(head.forward(backbone.forward(x).relu()), y);
        loss.backward();
        opt.step();
        return loss;
      });
      losses.push((await loss.data())[0]!);
      loss.dispose();
      expect([backbone.weight.grad, backbone.bias.grad]).toEqual([null, null]);
    }
    expect([backbone.weight, backbone.bias].map((p) => Array.from(p.dataSync()))).toEqual(frozenBefore);
    expect(losses[4]!).toBeLessThan(losses[0]!);
    opt.dispose();
    for (const t of [backbone.weight, backbone.bias, head.weight, head.bias, x, y]) t.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('with clipGradNorm and OneCycleLR in the step, still leaks nothing', async () => {
    const before = memory().numTensors;
    const model = linearModel();
    const x = randn([6, 4], { seed: 3 });
    const y = tensor([2, 1, 0, 0, 1, 2], [6], { dtype: 'int32' });
    const opt = new Adam([model.weight, model.bias]);
    const sched = new OneCycleLR(opt, { maxLr: 0.05, totalSteps: 5 });
    const live: number[] = [];
    for (let s = 0; s < 5; s++) {
      const loss = tidy(() => {
        opt.zeroGrad();
        const loss = F.crossEntropy(model.forward(x), y);
        loss.backward();
        clipGradNorm([model.weight, model.bias], 1);
        opt.step();
        return loss;
      });
      sched.step();
      await loss.data();
      loss.dispose();
      live.push(memory().numTensors);
    }
    expect(new Set(live.slice(1)).size).toBe(1);
    opt.dispose();
    for (const t of [model.weight, model.bias, x, y]) t.dispose();
    expect(memory().numTensors).toBe(before);
  });
});
