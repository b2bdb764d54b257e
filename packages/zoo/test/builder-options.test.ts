import { describe, expect, it } from 'vitest';
import { onBackendWithoutLeaks } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';
import type { Module } from '@stride/layers';
import type { BatchNorm2d } from '@stride/norm';
import { Bottleneck, BasicBlock, alexnet, resnet50, ResNet, vgg16 } from '../src/index.js';
import { withModel } from './helpers/with-model.js';

describe('builders reject bad options before building anything, naming the builder and the option', () => {
  it('numClasses and inChannels are positive integers', () => {
    expect(() => alexnet({ numClasses: 0 })).toThrow('AlexNet: numClasses must be a positive integer but got 0');
    expect(() => vgg16({ inChannels: 2.5 })).toThrow('VGG: inChannels must be a positive integer but got 2.5');
    expect(() => resnet50({ numClasses: -1 })).toThrow('ResNet: numClasses must be a positive integer but got -1');
  });

  it('dropout is a probability', () => {
    expect(() => alexnet({ dropout: -0.1 })).toThrow('AlexNet: dropout must be a probability in [0, 1] but got -0.1');
  });
});

describe("torchvision's zero_init_residual", () => {
  onBackendWithoutLeaks(cpu);

  const allEqual = (values: ArrayLike<number>, v: number) => Array.prototype.every.call(values, (x: number) => x === v);
  /** A block's batch norm weight (every slot holds a BatchNorm2d until fuse()). */
  const weightOf = (bn: Module) => (bn as BatchNorm2d).weight!.dataSync();

  it("zeroes each Bottleneck's bn3 weight and leaves its other BatchNorms at 1", () => {
    withModel(
      () => new ResNet([1, 1, 1, 1], { block: Bottleneck, baseWidth: 8, zeroInitResidual: true }),
      (m) => {
        const blocks = m.modules().filter((b): b is Bottleneck => b instanceof Bottleneck);
        expect(blocks).toHaveLength(4);
        for (const b of blocks) {
          expect(allEqual(weightOf(b.bn3), 0)).toBe(true);
          expect(allEqual(weightOf(b.bn1), 1) && allEqual(weightOf(b.bn2), 1)).toBe(true);
        }
      },
    );
  });

  it("zeroes each BasicBlock's bn2 weight", () => {
    withModel(
      () => new ResNet([1, 1, 1, 1], { baseWidth: 8, zeroInitResidual: true }),
      (m) => {
        const blocks = m.modules().filter((b): b is BasicBlock => b instanceof BasicBlock);
        expect(blocks.every((b) => allEqual(weightOf(b.bn2), 0) && allEqual(weightOf(b.bn1), 1))).toBe(true);
      },
    );
  });
});
