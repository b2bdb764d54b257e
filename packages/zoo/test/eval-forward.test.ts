import { describe, expect, it } from 'vitest';
import { noGrad, tidy } from '@stride/core-tensor';
import { ConvNd, type Module } from '@stride/layers';
import { BatchNorm2d } from '@stride/norm';
import { mobilenetV2, resnet18, resnet20, resnet50, vgg11Bn } from '../src/index.js';
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
  mobilenet_v2: () => mobilenetV2(),
  resnet50: () => resnet50(),
  // Its weights all come from the fixture, so torchvision's init loop (130M draws) is skipped.
  vgg11_bn: () => vgg11Bn({ initWeights: false }),
};

// eval_forward.json: scripts/gen_fixtures.py's ResNets; torchvision_eval_forward.json:
// torchvision's own mobilenet_v2, resnet50 and vgg11_bn (scripts/gen_torchvision_fixtures.py).
const CASES = [
  ...readFixture<{ cases: EvalCase[] }>('eval_forward').cases,
  ...readFixture<{ cases: EvalCase[] }>('torchvision_eval_forward').cases,
];

describe("full-size models in eval mode give PyTorch's logits (rtol 1e-4)", () => {
  onBackendWithoutLeaks(cpu);

  for (const c of CASES) {
    it(`${c.name} on [${c.input.shape.join(', ')}], weights and running statistics from the fixture`, () => {
      withModel(MODELS[c.name]!, (model) => {
        loadHashedState(model, c.init);
        model.eval();
        tidy(() => {
          const logits = noGrad(() => model.forward(hashUniform(c.input, c.input.shape)));
          expectClose('logits', logits, c.logits);
        });
      });
    }, 120_000);
  }
});

// The same logits from fused models (batch norm folded into each conv, ReLU in its bias pass),
// for one network of each kind of fusion: CIFAR and torchvision ResNet blocks, and Sequentials.
const FUSED = ['resnet20', 'resnet18', 'mobilenet_v2'];

describe("fused models in eval mode give PyTorch's logits (rtol 1e-4)", () => {
  onBackendWithoutLeaks(cpu);

  for (const c of CASES.filter((c) => FUSED.includes(c.name))) {
    it(`${c.name} after fuse() on [${c.input.shape.join(', ')}]`, () => {
      withModel(MODELS[c.name]!, (model) => {
        loadHashedState(model, c.init);
        model.eval().fuse();
        // Every batch norm folded away; ResNets' ReLUs run in their convolutions (MobileNet's are ReLU6).
        expect(model.modules().filter((m) => m instanceof BatchNorm2d)).toEqual([]);
        expect(Object.keys(model.stateDict()).filter((k) => k.includes('running_'))).toEqual([]);
        const withRelu = model.modules().filter((m) => m instanceof ConvNd && m.fusedRelu).length;
        expect(withRelu > 0).toBe(c.name !== 'mobilenet_v2');
        tidy(() => {
          const logits = noGrad(() => model.forward(hashUniform(c.input, c.input.shape)));
          expectClose('logits', logits, c.logits);
        });
      });
    }, 120_000);
  }
});
