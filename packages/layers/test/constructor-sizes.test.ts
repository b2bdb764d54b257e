import { describe, expect, it } from 'vitest';
import { memory } from '@stride/core-tensor';
import { AdaptiveAvgPool2d, AvgPool2d, Conv1d, Conv2d, Conv3d, ConvTranspose2d, Linear, MaxPool2d } from '../src/index.js';
import './helpers.js';

// Issue 12: a layer is refused when it is made, not at its first forward (or never: a kernel of
// 0 once built a Conv2d whose forward returned zeros).
describe('layer constructors check their sizes', () => {
  for (const k of [0, -3, 2.5, NaN, Infinity]) {
    it(`Conv2d(1, 4, ${k}) names Conv2d, kernelSize and ${k}`, () => {
      const before = memory().numTensors;
      expect(() => new Conv2d(1, 4, k)).toThrow(`Conv2d: kernelSize must be positive integers but got ${k}`);
      expect(memory().numTensors).toBe(before);
    });
  }

  it('Conv1d/Conv3d/ConvTranspose2d refuse a zero stride or dilation and a negative padding', () => {
    expect(() => new Conv1d(1, 1, 3, { stride: 0 })).toThrow('Conv1d: stride must be positive integers but got 0');
    expect(() => new Conv3d(1, 1, 3, { dilation: [1, 0, 1] })).toThrow('Conv3d: dilation must be positive integers but got [1, 0, 1]');
    expect(() => new Conv2d(1, 1, 3, { padding: -1 })).toThrow('Conv2d: padding must be non-negative integers but got -1');
    expect(() => new ConvTranspose2d(1, 1, 3, { outputPadding: 0.5 })).toThrow(
      'ConvTranspose2d: outputPadding must be non-negative integers but got 0.5',
    );
    expect(() => new Conv2d(1, 1, 3, { padding: 'full' as 'same' })).toThrow(
      "Conv2d: padding must be a number, a tuple, 'same' or 'valid' but got 'full'",
    );
  });

  it('channel and feature counts are non-negative integers', () => {
    expect(() => new Conv2d(NaN, 4, 3)).toThrow('Conv2d: inChannels must be a non-negative integer but got NaN');
    expect(() => new Linear(-1, 3)).toThrow('Linear: inFeatures must be a non-negative integer but got -1');
    expect(() => new Linear(3, 2.5)).toThrow('Linear: outFeatures must be a non-negative integer but got 2.5');
  });

  it('a layer too large for one tensor names the layer and the size in bytes', () => {
    expect(() => new Linear(1e6, 1e6)).toThrow(
      /^Linear: shape \[1000000, 1000000\] has 1000000000000 elements, 4000000000000 bytes as float32, more than backend 'cpu' holds in one tensor/,
    );
    expect(() => new Conv2d(100000, 100000, 7)).toThrow(/^Conv2d: shape \[100000, 100000, 7, 7\] has 490000000000 elements/);
  });

  it('pooling windows are checked when the layer is made', () => {
    expect(() => new MaxPool2d(0)).toThrow('MaxPool2d: kernelSize must be positive integers but got 0');
    expect(() => new MaxPool2d(2, { stride: 0 })).toThrow('MaxPool2d: stride must be positive integers but got 0');
    expect(() => new MaxPool2d(2, { padding: NaN })).toThrow('MaxPool2d: padding must be non-negative integers but got NaN');
    expect(() => new AvgPool2d([2, 2.5])).toThrow('AvgPool2d: kernelSize must be positive integers but got [2, 2.5]');
    expect(() => new AvgPool2d(2, { divisorOverride: 0 })).toThrow('AvgPool2d: divisorOverride must be a non-zero integer but got 0');
    expect(() => new AdaptiveAvgPool2d(-2)).toThrow('AdaptiveAvgPool2d: outputSize must be positive integers but got -2');
  });
});
