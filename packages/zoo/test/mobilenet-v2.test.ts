import { describe, expect, it } from 'vitest';
import { functional as F, randn, tensor, tidy } from '@stride/core-tensor';
import { onBackendWithoutLeaks } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';
import { type Conv2d, ReLU6 } from '@stride/layers';
import { InvertedResidual, makeDivisible, mobilenetV2 } from '../src/index.js';
import { withModel } from './helpers/with-model.js';

describe('MobileNetV2 building blocks', () => {
  onBackendWithoutLeaks(cpu);

  it("rounds channels as torchvision's _make_divisible (values from torchvision 0.14)", () => {
    const cases: [number, number, number][] = [
      [32 * 0.75, 8, 24],
      [1280 * 1.4, 8, 1792],
      [16 * 0.35, 8, 8], // at least the divisor
      [96 * 0.35, 8, 32],
      [10.5, 8, 16], // rounding down to 8 would lose more than 10%
      [12, 8, 16],
      [100, 1, 100],
    ];
    for (const [v, divisor, expected] of cases) expect(makeDivisible(v, divisor), `makeDivisible(${v}, ${divisor})`).toBe(expected);
  });

  it('an expansion ratio of 1 has no expansion conv: the depthwise conv comes first', () => {
    withModel(
      () => new InvertedResidual(32, 16, 1, 1),
      (block) => {
        expect(Object.keys(block.stateDict())[0]).toBe('conv.0.0.weight');
        const depthwise = block.conv.at(0).children()[0] as Conv2d;
        expect([depthwise.groups, [...depthwise.weight.shape]]).toEqual([32, [32, 1, 3, 3]]);
        expect(block.conv.at(0).children()[2]).toBeInstanceOf(ReLU6);
        expect(block.useResConnect).toBe(false);
      },
    );
  });

  it('adds the input back only where stride 1 keeps the shape', () => {
    withModel(
      () => new InvertedResidual(24, 24, 1, 6),
      (b) => expect(b.useResConnect).toBe(true),
    );
    withModel(
      () => new InvertedResidual(24, 24, 2, 6),
      (b) => expect(b.useResConnect).toBe(false),
    );
  });

  it('trains: a cross-entropy step gives every parameter a finite gradient of its shape', () => {
    withModel(
      () => mobilenetV2({ widthMult: 0.25, numClasses: 10 }),
      (model) => {
        tidy(() => {
          const loss = F.crossEntropy(model.forward(randn([2, 3, 32, 32], { seed: 5 })), tensor([3, 7], [2], { dtype: 'int32' }));
          loss.backward();
          for (const [name, p] of model.namedParameters()) {
            expect(p.grad?.shape, `${name} has a gradient`).toEqual(p.shape);
            expect(p.grad!.dataSync().every(Number.isFinite), `${name}'s gradient is finite`).toBe(true);
          }
          model.zeroGrad();
        });
      },
    );
  });
});

describe('builders reject bad options, naming the builder and the option', () => {
  it('MobileNetV2', () => {
    expect(() => mobilenetV2({ widthMult: 0 })).toThrow('MobileNetV2: widthMult must be a positive number but got 0');
    expect(() => mobilenetV2({ dropout: 1.5 })).toThrow('MobileNetV2: dropout must be a probability in [0, 1] but got 1.5');
    expect(() => mobilenetV2({ invertedResidualSetting: [] })).toThrow(
      'MobileNetV2: invertedResidualSetting must be a non-empty list of [t, c, n, s] stages but got []',
    );
    expect(() => new InvertedResidual(8, 8, 3, 6)).toThrow('InvertedResidual: stride must be 1 or 2 but got 3');
  });
});
