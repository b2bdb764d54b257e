import { describe, it } from 'vitest';
import { noGrad, tidy } from '@stride/core-tensor';
import type { Module } from '@stride/layers';
import { resnet18, resnet20 } from '../src/index.js';
import { expectClose, readFixture, type FixtureTensor } from './helpers/fixtures.js';
import { hashUniform, loadHashedState, type HashSpec } from './helpers/hash-init.js';
import { onBackendWithoutLeaks } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';
import { withModel } from './helpers/with-model.js';

interface EvalCase {
  name: string;
  init: Record<string, HashSpec | null>;
  input: HashSpec & { shape: number[] };
  logits: FixtureTensor;
}

const MODELS: Record<string, () => Module> = {
  resnet18: () => resnet18(),
  resnet20: () => resnet20(),
};

describe("full-size ResNets in eval mode give PyTorch's logits (rtol 1e-4)", () => {
  onBackendWithoutLeaks(cpu);

  for (const c of readFixture<{ cases: EvalCase[] }>('eval_forward').cases) {
    it(`${c.name} on [${c.input.shape.join(', ')}], weights and running statistics from the fixture`, () => {
      withModel(MODELS[c.name]!, (model) => {
        loadHashedState(model, c.init);
        model.eval();
        tidy(() => {
          const logits = noGrad(() => model.forward(hashUniform(c.input, c.input.shape)));
          expectClose('logits', logits, c.logits);
        });
      });
    });
  }
});
