import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functional as F, memory, setBackend, tensor, tidy, type Tensor } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import type { Module } from '@stride/layers';
import { SGD } from '@stride/optim';
import { CifarResNet, lenet5, ResNet } from '../src/index.js';
import { expectClose, readFixture, type FixtureTensor } from './helpers/fixtures.js';
import { hashUniform, loadHashedState, type HashSpec } from './helpers/hash-init.js';

interface TrainStepCase {
  name: string;
  init: Record<string, HashSpec | null>;
  input: HashSpec & { shape: number[] };
  labels: number[];
  optimizer: { lr: number; momentum: number; weightDecay: number };
  logits: FixtureTensor;
  loss: number;
  grads: Record<string, FixtureTensor>;
  buffers: Record<string, FixtureTensor>;
  params: Record<string, FixtureTensor>;
}

// The PyTorch modules of scripts/gen_fixtures.py, built from the zoo's own classes and blocks.
const MODELS: Record<string, () => Module> = {
  lenet5: () => lenet5(),
  cifar_resnet_n1_w8: () => new CifarResNet({ blocksPerStage: 1, widths: [8, 16, 32] }),
  resnet_1111_w4: () => new ResNet([1, 1, 1, 1], { numClasses: 10, baseWidth: 4 }),
};

interface Step {
  model: Module;
  logits: Tensor;
  loss: number;
  /** Copies of the gradients as backward left them, before the optimizer step. */
  grads: Record<string, Tensor>;
}

/**
 * The API's canonical training step on the fixture's weights, input and labels, in training
 * mode with SGD(lr 0.1, momentum 0.9, weightDecay 5e-4). Everything else made is disposed.
 */
function trainStep(c: TrainStepCase): Step {
  const model = MODELS[c.name]!();
  loadHashedState(model, c.init);
  const opt = new SGD(model.parameters(), c.optimizer);
  const x = hashUniform(c.input, c.input.shape);
  const y = tensor(c.labels, [c.labels.length], { dtype: 'int32' });
  const out = tidy(() => {
    opt.zeroGrad();
    const logits = model.forward(x);
    const loss = F.crossEntropy(logits, y);
    loss.backward();
    const grads = Object.fromEntries(model.namedParameters().map(([k, p]) => [k, p.grad!.clone()]));
    opt.step();
    return { logits, loss, grads };
  });
  const loss = out.loss.dataSync()[0]!;
  for (const t of [x, y, out.loss]) t.dispose();
  opt.zeroGrad();
  opt.dispose();
  return { model, logits: out.logits, loss, grads: out.grads };
}

const cases = readFixture<{ cases: TrainStepCase[] }>('train_step').cases;

describe.each(cases.map((c) => [c.name, c] as const))('one SGD step of %s matches PyTorch (rtol 1e-4)', (_, c) => {
  // The step runs once per model; each specification below reads one part of its result.
  let step: Step;
  let before = 0;
  beforeAll(() => {
    setBackend(cpu());
    before = memory().numTensors;
    step = trainStep(c);
  });
  afterAll(() => {
    step.model.dispose();
    step.logits.dispose();
    for (const g of Object.values(step.grads)) g.dispose();
    expect(memory().numTensors, 'live tensors after the model, logits and gradients are disposed').toBe(before);
  });

  it('gives the logits of the training-mode forward', () => {
    expectClose('logits', step.logits, c.logits);
  });

  it('gives the cross-entropy loss', () => {
    expect(Math.abs(step.loss - c.loss)).toBeLessThanOrEqual(1e-6 + 1e-4 * Math.abs(c.loss));
  });

  it('gives every parameter gradient', () => {
    expect(Object.keys(step.grads)).toEqual(Object.keys(c.grads));
    for (const [key, g] of Object.entries(step.grads)) expectClose(`grad of ${key}`, g, c.grads[key]!);
  });

  it('updates every buffer (BatchNorm running statistics and batch counts) as the training forward does', () => {
    const buffers = Object.fromEntries(step.model.buffers());
    expect(Object.keys(buffers)).toEqual(Object.keys(c.buffers));
    for (const [key, b] of Object.entries(buffers)) expectClose(key, b, c.buffers[key]!);
  });

  it('leaves every parameter as torch.optim.SGD does after one step', () => {
    const params = Object.fromEntries(step.model.namedParameters());
    expect(Object.keys(params)).toEqual(Object.keys(c.params));
    for (const [key, p] of Object.entries(params)) expectClose(key, p, c.params[key]!);
  });
});
