import { describe, it } from 'vitest';
import type { Tensor } from '@stride/core-tensor';
import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  Conv1d,
  Conv2d,
  Conv3d,
  ConvTranspose2d,
  Dropout,
  Flatten,
  GELU,
  LeakyReLU,
  Linear,
  MaxPool2d,
  Module,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
} from '../src/index.ts';
import { checkNoLeaks } from './helpers.ts';
import { checkAgainstTorch, type TorchRecord } from './torch-record.ts';
import parity from './fixtures/parity.json';
import layers from './fixtures/layers.json';

checkNoLeaks();

/** scripts/gen_fixtures.py's ParityNet. */
class ParityNet extends Module {
  features = new Sequential(
    new Conv2d(3, 6, 3, { padding: 1 }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(6, 8, 3, { padding: 1, groups: 2 }),
    new LeakyReLU(0.1),
    new AvgPool2d(2),
    new Conv2d(8, 8, 1),
    new Tanh(),
    new AdaptiveAvgPool2d(2),
  );
  classifier = new Sequential(new Flatten(), new Linear(32, 16), new GELU(), new Dropout(0.5), new Linear(16, 5), new Sigmoid());
  forward(x: Tensor): Tensor {
    return this.classifier.forward(this.features.forward(x));
  }
}

describe('parity with PyTorch 1.13 through loadStateDict', () => {
  it('a small conv net gives PyTorch output and gradients (rtol 1e-5)', () => {
    checkAgainstTorch(new ParityNet(), parity);
  });

  const cases: Record<string, () => Module> = {
    convTranspose2d: () => new ConvTranspose2d(4, 6, 3, { stride: 2, padding: 1, outputPadding: 1, groups: 2 }),
    conv1d: () => new Conv1d(4, 6, 3, { stride: 2, padding: 2, dilation: 2, groups: 2 }),
    conv3d: () => new Conv3d(2, 4, [2, 3, 3], { padding: [0, 1, 1], stride: [1, 2, 1] }),
    conv2dSame: () => new Conv2d(3, 4, [3, 2], { padding: 'same', dilation: [1, 2], bias: false }),
    softmax: () => new Softmax(1),
  };
  for (const [name, make] of Object.entries(cases)) {
    it(`${name} gives PyTorch output and gradients`, () => {
      checkAgainstTorch(make(), (layers as unknown as Record<string, TorchRecord>)[name]!);
    });
  }
});
