import { describe, expect, it } from 'vitest';
import { tensor, tidy, type Tensor } from '@stride/core-tensor';
import {
  BCELoss,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  HuberLoss,
  KLDivLoss,
  L1Loss,
  MSELoss,
  MultiMarginLoss,
  NLLLoss,
  SmoothL1Loss,
  type Module,
} from '../src/index.ts';
import { checkNoLeaks, expectClose, fromFixture, type FlatTensor } from './helpers.ts';
import fixture from './fixtures/activation_loss_modules.json';

checkNoLeaks();

/** scripts/activation_loss_modules.py's record_loss(). */
interface LossRecord {
  stateDict: Record<string, FlatTensor>;
  input: FlatTensor;
  target: FlatTensor & { dtype: 'float32' | 'int32' };
  g: FlatTensor;
  output: FlatTensor;
  grads: Record<string, FlatTensor>;
}

const records = fixture.losses as Record<string, LossRecord>;
const buffer = (name: string, key: string): Tensor => fromFixture(records[name]!.stateDict[key]!);

/**
 * Each loss module as a torch user builds it; the class weights it is given are the torch
 * module's buffers, so its state dict must hold the same keys and values.
 */
const cases: Record<string, () => Module> = {
  crossEntropy: () => new CrossEntropyLoss({ weight: buffer('crossEntropy', 'weight'), labelSmoothing: 0.1 }),
  crossEntropyProbabilities: () => new CrossEntropyLoss({ reduction: 'sum' }),
  nll: () => new NLLLoss({ weight: buffer('nll', 'weight'), ignoreIndex: 1 }),
  mse: () => new MSELoss({ reduction: 'sum' }),
  l1: () => new L1Loss(),
  bce: () => new BCELoss({ weight: buffer('bce', 'weight') }),
  bceWithLogits: () =>
    new BCEWithLogitsLoss({ weight: buffer('bceWithLogits', 'weight'), posWeight: buffer('bceWithLogits', 'pos_weight') }),
  smoothL1: () => new SmoothL1Loss({ beta: 0.5 }),
  huber: () => new HuberLoss({ delta: 0.7, reduction: 'none' }),
  klDiv: () => new KLDivLoss({ reduction: 'batchmean', logTarget: true }),
  multiMargin: () => new MultiMarginLoss({ p: 2, margin: 0.8, weight: buffer('multiMargin', 'weight') }),
};

describe('loss modules give PyTorch 1.13 losses, gradients and state-dict keys', () => {
  for (const [name, make] of Object.entries(cases)) {
    it(name, () => {
      const rec = records[name]!;
      const loss = make();
      const sd = loss.stateDict();
      expect(Object.keys(sd)).toEqual(Object.keys(rec.stateDict));
      for (const [key, value] of Object.entries(rec.stateDict)) expectClose(sd[key]!, value);

      const input = fromFixture(rec.input);
      input.requiresGrad = true;
      const floatTarget = rec.target.dtype === 'float32';
      const target = tensor(rec.target.data, rec.target.shape, floatTarget ? { requiresGrad: true } : { dtype: 'int32' });
      const y = tidy(() => {
        const out = loss.forward(input, target);
        out.mul(fromFixture(rec.g)).sum().backward();
        return out;
      });
      expectClose(y, rec.output);
      expectClose(input.grad!, rec.grads.input!);
      if (floatTarget) expectClose(target.grad!, rec.grads.target!);
      [y, input, target].forEach((t) => t.dispose());
      loss.dispose();
    });
  }
});

describe('loss module options', () => {
  it('default as torch.nn does', () => {
    const ce = new CrossEntropyLoss();
    expect([ce.weight, ce.ignoreIndex, ce.reduction, ce.labelSmoothing]).toEqual([null, -100, 'mean', 0]);
    const bce = new BCEWithLogitsLoss();
    expect([bce.weight, bce.posWeight, bce.reduction]).toEqual([null, null, 'mean']);
    const mm = new MultiMarginLoss();
    expect([mm.p, mm.margin, mm.reduction]).toEqual([1, 1, 'mean']);
    expect([new SmoothL1Loss().beta, new HuberLoss().delta]).toEqual([1, 1]);
    const kl = new KLDivLoss();
    expect([kl.reduction, kl.logTarget]).toEqual(['mean', false]);
  });

  it('a module without class weights has an empty state dict, as torch', () => {
    expect(Object.keys(new CrossEntropyLoss().stateDict())).toEqual([]);
  });

  it('report a bad reduction under the functional op’s name when called', () => {
    const loss = new MSELoss({ reduction: 'avg' as 'mean' });
    const [a, b] = [tensor([1, 2]), tensor([1, 3])];
    expect(() => loss.forward(a, b)).toThrow("mseLoss: reduction must be 'mean', 'sum' or 'none' but got 'avg'");
    a.dispose();
    b.dispose();
  });
});
