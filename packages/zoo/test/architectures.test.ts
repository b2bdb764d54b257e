import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memory, setBackend, tidy, zeros } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { GlobalAvgPool2d, Linear, type Module } from '@stride/layers';
import { lenet5, resnet18, resnet20, resnet32, resnet34, resnet56, ResNet } from '../src/index.js';
import { readFixture } from './helpers/fixtures.js';
import { onBackendWithoutLeaks } from '@stride/conformance';
import { withModel } from './helpers/with-model.js';

/** Per model of scripts/gen_fixtures.py: PyTorch's parameter count and state-dict keys with shapes. */
type Architectures = Record<string, { params: number; keys: [string, number[]][] }>;
const expected = readFixture<Architectures>('architectures');

const paramCount = (m: Module): number => m.parameters().reduce((n, p) => n + p.numel(), 0);
const keysWithShapes = (m: Module): [string, number[]][] => Object.entries(m.stateDict()).map(([k, t]) => [k, [...t.shape]]);

const MODELS: [string, () => Module][] = [
  ['resnet18', () => resnet18()],
  ['resnet34', () => resnet34()],
  ['resnet20', () => resnet20()],
  ['resnet32', () => resnet32()],
  ['resnet56', () => resnet56()],
  ['resnet20_optionB', () => resnet20({ shortcut: 'B' })],
  ['resnet18_in1_c10', () => resnet18({ numClasses: 10, inChannels: 1 })],
  ['lenet5', () => lenet5()],
];

// torchvision's documented counts at 1000 classes; He et al.'s 0.27M for ResNet-20 is option A's.
const PUBLISHED: Record<string, number> = {
  resnet18: 11_689_512,
  resnet34: 21_797_672,
  resnet20: 269_722,
  resnet20_optionB: 272_474,
};

describe.each(MODELS)('%s matches its PyTorch definition', (name, build) => {
  // Each model is built once (resnet34 takes seconds on the CPU backend) and read by every check.
  let model: Module;
  let before = 0;
  beforeAll(() => {
    setBackend(cpu());
    before = memory().numTensors;
    model = build();
  }, 60_000);
  afterAll(() => {
    model.dispose();
    expect(memory().numTensors, 'live tensors after the model is disposed').toBe(before);
  });

  it(`has PyTorch's parameter count, ${expected[name]!.params.toLocaleString('en-US')}`, () => {
    expect(paramCount(model)).toBe(expected[name]!.params);
    if (name in PUBLISHED) expect(paramCount(model)).toBe(PUBLISHED[name]);
  });

  it("has PyTorch's state-dict keys, in PyTorch's order, with PyTorch's shapes", () => {
    expect(keysWithShapes(model)).toEqual(expected[name]!.keys);
  });

  if (name.startsWith('resnet')) {
    it('ends in global average pooling then its only Linear', () => {
      const leaves = model.modules().filter((c) => c.children().length === 0);
      expect(leaves.at(-2)).toBeInstanceOf(GlobalAvgPool2d);
      expect(leaves.at(-1)).toBeInstanceOf(Linear);
      expect(leaves.filter((c) => c instanceof Linear)).toHaveLength(1);
    });
  }
});

describe('ResNets take any input size', () => {
  onBackendWithoutLeaks(cpu);

  it('a CIFAR ResNet gives [N, numClasses] for a non-square input, as global average pooling makes the head size-free', () => {
    withModel(
      () => resnet20({ numClasses: 7, inChannels: 1 }),
      (m) => {
        tidy(() => {
          expect(m.eval().forward(zeros([2, 1, 20, 28])).shape).toEqual([2, 7]);
        });
      },
    );
  });

  it('a torchvision-style ResNet gives [N, numClasses] for a non-ImageNet input size', () => {
    withModel(
      () => new ResNet([1, 1, 1, 1], { numClasses: 5, baseWidth: 8 }),
      (m) => {
        tidy(() => {
          expect(m.eval().forward(zeros([1, 3, 40, 56])).shape).toEqual([1, 5]);
        });
      },
    );
  });
});

describe('builders reject bad options with the option named', () => {
  it('numClasses must be a positive integer', () => {
    expect(() => resnet18({ numClasses: 0 })).toThrow('ResNet: numClasses must be a positive integer but got 0');
    expect(() => resnet20({ numClasses: 2.5 })).toThrow('CifarResNet: numClasses must be a positive integer but got 2.5');
  });

  it('the shortcut is A or B', () => {
    expect(() => resnet20({ shortcut: 'C' as 'A' })).toThrow("CifarResNet: shortcut must be 'A' or 'B' but got C");
  });
});
