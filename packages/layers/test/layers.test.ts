import { describe, expect, it } from 'vitest';
import { functional as F, arange, ones, tensor, tidy, type Tensor } from '@stride/core-tensor';
import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  Conv2d,
  ConvTranspose2d,
  Dropout,
  Flatten,
  GELU,
  GlobalAvgPool2d,
  LeakyReLU,
  Linear,
  MaxPool2d,
  Softmax,
  type Module,
} from '../src/index.ts';
import { checkNoLeaks } from './helpers.ts';

checkNoLeaks();

/** Runs `m` on `x` (disposed with everything else) and returns the output's shape and values. */
function run(m: Module, x: () => Tensor): { shape: number[]; values: number[] } {
  return tidy(() => {
    const y = m.forward(x());
    return { shape: [...y.shape], values: [...y.dataSync()].map((v) => Math.round(v * 1e6) / 1e6) };
  });
}

describe('Dropout', () => {
  it('is the identity in eval mode', () => {
    const x = () => arange(12).reshape([3, 4]);
    expect(run(new Dropout(0.5).eval(), x).values).toEqual([...Array(12).keys()]);
  });

  it('in training zeroes elements and scales the survivors by 1/(1−p)', () => {
    const { values } = run(new Dropout(0.25), () => ones([4000]));
    const kept = values.filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([1 / 0.75].map((v) => Math.round(v * 1e6) / 1e6)));
    expect(kept.length / values.length).toBeGreaterThan(0.72);
    expect(kept.length / values.length).toBeLessThan(0.78);
  });

  it('with a seed draws the same sequence of masks', () => {
    const a = new Dropout({ p: 0.5, seed: 9 });
    const b = new Dropout({ p: 0.5, seed: 9 });
    const first = run(a, () => ones([64])).values;
    expect(run(b, () => ones([64])).values).toEqual(first);
    expect(run(a, () => ones([64])).values).not.toEqual(first);
  });

  it('rejects p outside [0, 1]', () => {
    expect(() => new Dropout(1.5)).toThrow('Dropout: p must be a probability in [0, 1] but got 1.5');
  });
});

describe('shape layers', () => {
  it('Flatten keeps the batch dimension by default', () => {
    expect(run(new Flatten(), () => ones([2, 3, 4, 5])).shape).toEqual([2, 60]);
    expect(run(new Flatten(0, 1), () => ones([2, 3, 4])).shape).toEqual([6, 4]);
  });

  it('GlobalAvgPool2d averages H and W to [N, C], or [N, C, 1, 1] with keepdim', () => {
    const x = () => arange(8).reshape([1, 2, 2, 2]);
    expect(run(new GlobalAvgPool2d(), x)).toEqual({ shape: [1, 2], values: [1.5, 5.5] });
    expect(run(new GlobalAvgPool2d({ keepdim: true }), x).shape).toEqual([1, 2, 1, 1]);
  });

  it('AdaptiveAvgPool2d gives the requested output size', () => {
    expect(run(new AdaptiveAvgPool2d([2, 3]), () => ones([1, 4, 7, 9])).shape).toEqual([1, 4, 2, 3]);
  });

  it('MaxPool2d strides by its kernel size unless told otherwise', () => {
    const x = () => arange(16).reshape([1, 1, 4, 4]);
    expect(run(new MaxPool2d(2), x)).toEqual({ shape: [1, 1, 2, 2], values: [5, 7, 13, 15] });
    expect(run(new MaxPool2d(2, { stride: 1 }), x).shape).toEqual([1, 1, 3, 3]);
  });

  it('AvgPool2d passes countIncludePad and ceilMode through', () => {
    const x = () => ones([1, 1, 2, 2]);
    // PyTorch: avg_pool2d(ones(1,1,2,2), 2, padding=1) = 0.25 everywhere; without counting pads, 1.
    expect(run(new AvgPool2d(2, { padding: 1 }), x).values).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(run(new AvgPool2d(2, { padding: 1, countIncludePad: false }), x).values).toEqual([1, 1, 1, 1]);
    expect(run(new AvgPool2d(2, { ceilMode: true }), () => ones([1, 1, 3, 3])).shape).toEqual([1, 1, 2, 2]);
  });
});

describe('activations', () => {
  it('LeakyReLU defaults to slope 0.01 and takes a positional slope', () => {
    const x = () => tensor([-2, 3]);
    expect(run(new LeakyReLU(), x).values).toEqual([-0.02, 3]);
    expect(run(new LeakyReLU(0.2), x).values).toEqual([-0.4, 3]);
  });

  it("GELU's approximate option selects the tanh form", () => {
    // torch.nn.GELU(approximate='tanh')(tensor([1.])) = 0.841192, exact: 0.841345
    expect(run(new GELU({ approximate: 'tanh' }), () => tensor([1])).values).toEqual([0.841192]);
    expect(run(new GELU(), () => tensor([1])).values).toEqual([0.841345]);
  });

  it("Softmax without dim uses PyTorch's legacy rule: dim 0 for 3-D input, dim 1 for 4-D", () => {
    const x3 = () => ones([2, 3, 4]);
    expect(run(new Softmax(), x3).values.every((v) => v === 0.5)).toBe(true);
    const x4 = () => ones([2, 4, 1, 1]);
    expect(run(new Softmax(), x4).values.every((v) => v === 0.25)).toBe(true);
  });
});

describe('layer arguments', () => {
  it('Conv2d keeps PyTorch attributes as tuples', () => {
    const conv = new Conv2d(4, 8, 3, { stride: [2, 1], padding: 1, groups: 2 });
    expect([conv.kernelSize, conv.stride, conv.padding, conv.dilation, conv.groups]).toEqual([[3, 3], [2, 1], [1, 1], [1, 1], 2]);
    expect([...conv.weight.shape]).toEqual([8, 2, 3, 3]);
    conv.dispose();
  });

  it('Conv2d rejects channel counts that groups does not divide', () => {
    expect(() => new Conv2d(3, 6, 3, { groups: 2 })).toThrow('Conv2d: inChannels (3) must be divisible by groups (2)');
    expect(() => new ConvTranspose2d(4, 3, 3, { groups: 2 })).toThrow('ConvTranspose2d: outChannels (3) must be divisible by groups (2)');
  });

  it('Conv2d rejects a kernel tuple of the wrong length', () => {
    expect(() => new Conv2d(1, 1, [3, 3, 3])).toThrow('Conv2d: kernelSize must be a number or 2 numbers but got [3, 3, 3]');
  });

  it('Linear applies x·Wᵀ + b over the last dimension of any batch shape', () => {
    const fc = new Linear(3, 2);
    const y = run(fc, () => ones([4, 5, 3]));
    const expected = tidy(() => [...F.linear(ones([1, 3]), fc.weight, fc.bias).dataSync()].map((v) => Math.round(v * 1e6) / 1e6));
    expect(y.shape).toEqual([4, 5, 2]);
    expect(y.values.slice(0, 2)).toEqual(expected);
    fc.dispose();
  });

  it('ConvTranspose2d output size follows (in−1)·s − 2p + d(k−1) + outputPadding + 1', () => {
    const deconv = new ConvTranspose2d(2, 3, 3, { stride: 2, padding: 1, outputPadding: 1 });
    expect(run(deconv, () => ones([1, 2, 5, 5])).shape).toEqual([1, 3, 10, 10]);
    deconv.dispose();
  });
});
