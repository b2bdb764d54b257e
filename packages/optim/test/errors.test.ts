import { describe, expect, it } from 'vitest';
import { setBackend, tensor, tidy, type Tensor } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { Adagrad, Adam, AdamW, RMSprop, SGD } from '../src/index.js';
import { expectNoLeaks } from './helpers/no-leaks.js';

setBackend(cpu());

const leaf = (): Tensor => tensor([1, 2], [2], { requiresGrad: true });
/** Runs `fn` in a tidy, so the tensors a failing constructor was given are freed. */
const inTidy = (fn: () => unknown) => (): void => tidy(() => void fn());
expectNoLeaks();

describe('hyperparameter errors', () => {
  it('rejects a negative lr', () => {
    expect(inTidy(() => new SGD([leaf()], { lr: -0.1 }))).toThrow('SGD: lr is -0.1 (expected >= 0)');
  });

  it('rejects a missing lr for SGD, which has no default', () => {
    expect(inTidy(() => new SGD([leaf()], {} as { lr: number }))).toThrow('SGD: lr is undefined (expected a number >= 0)');
  });

  it('rejects a negative lr in a param group, naming the group', () => {
    expect(inTidy(() => new Adam([{ params: [leaf()] }, { params: [leaf()], lr: -1 }]))).toThrow(
      'Adam: paramGroups[1].lr is -1 (expected >= 0)',
    );
  });

  it('rejects betas outside [0, 1)', () => {
    expect(inTidy(() => new Adam([leaf()], { betas: [0.9, 1] }))).toThrow('Adam: betas[1] is 1 (expected a number in [0, 1))');
    expect(inTidy(() => new AdamW([leaf()], { betas: [-0.1, 0.9] }))).toThrow('AdamW: betas[0] is -0.1 (expected a number in [0, 1))');
  });

  it('rejects a negative eps', () => {
    expect(inTidy(() => new Adam([leaf()], { eps: -1e-8 }))).toThrow('Adam: eps is -1e-8 (expected >= 0)');
    expect(inTidy(() => new RMSprop([leaf()], { eps: -1 }))).toThrow('RMSprop: eps is -1 (expected >= 0)');
    expect(inTidy(() => new Adagrad([leaf()], { eps: -1 }))).toThrow('Adagrad: eps is -1 (expected >= 0)');
  });

  it('rejects negative momentum, weightDecay, alpha, lrDecay and initialAccumulatorValue', () => {
    expect(inTidy(() => new SGD([leaf()], { lr: 0.1, momentum: -0.5 }))).toThrow('SGD: momentum is -0.5 (expected >= 0)');
    expect(inTidy(() => new SGD([leaf()], { lr: 0.1, weightDecay: -1 }))).toThrow('SGD: weightDecay is -1 (expected >= 0)');
    expect(inTidy(() => new RMSprop([leaf()], { alpha: -0.9 }))).toThrow('RMSprop: alpha is -0.9 (expected >= 0)');
    expect(inTidy(() => new Adagrad([leaf()], { lrDecay: -1 }))).toThrow('Adagrad: lrDecay is -1 (expected >= 0)');
    expect(inTidy(() => new Adagrad([leaf()], { initialAccumulatorValue: -1 }))).toThrow(
      'Adagrad: initialAccumulatorValue is -1 (expected >= 0)',
    );
  });

  it('rejects nesterov without momentum', () => {
    expect(inTidy(() => new SGD([leaf()], { lr: 0.1, nesterov: true }))).toThrow(
      'SGD: nesterov requires momentum > 0 and dampening = 0, but momentum is 0 and dampening is 0',
    );
  });

  it('rejects nesterov with dampening', () => {
    expect(inTidy(() => new SGD([leaf()], { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }))).toThrow(
      'SGD: nesterov requires momentum > 0 and dampening = 0, but momentum is 0.9 and dampening is 0.1',
    );
  });
});

describe('parameter errors', () => {
  it('rejects an empty params list', () => {
    expect(inTidy(() => new Adam([]))).toThrow('Adam: params is empty (expected at least one tensor to optimize)');
  });

  it('rejects a parameter on a different backend', () => {
    expect(inTidy(() => new Adam([leaf(), tensor([1], [1], { requiresGrad: true, backend: cpu() })]))).toThrow(
      "Adam: paramGroups[0].params[1] is on backend 'cpu' but the first parameter is on 'cpu' (two different instances) (expected one backend for all parameters)",
    );
  });

  it('rejects a parameter listed twice', () => {
    expect(
      inTidy(() => {
        const p = leaf();
        return new SGD([{ params: [p] }, { params: [p] }], { lr: 0.1 });
      }),
    ).toThrow('SGD: paramGroups[1].params[0] appears more than once across param groups (expected each parameter in one group, once)');
  });

  it('rejects a disposed parameter', () => {
    const p = leaf();
    p.dispose();
    expect(inTidy(() => new SGD([p], { lr: 0.1 }))).toThrow('SGD: paramGroups[0].params[0] was disposed (expected a live parameter)');
  });

  it('rejects a gradient whose shape differs from its parameter at step()', () => {
    const p = leaf();
    const opt = new SGD([p], { lr: 0.1 });
    p.grad = tensor([1, 2, 3], [3]);
    expect(() => opt.step()).toThrow(
      "SGD.step: paramGroups[0].params[0].grad is float32 [3] on 'cpu' but the parameter is float32 [2] on 'cpu' (expected the same shape, dtype and backend)",
    );
    p.dispose();
  });
});
