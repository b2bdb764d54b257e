import { describe, it } from 'vitest';
import {
  AdaptiveMaxPool2d,
  AvgPool1d,
  AvgPool3d,
  BlurPool2d,
  ConstantPad2d,
  Conv1d,
  Conv2d,
  Conv3d,
  FractionalMaxPool2d,
  MaxBlurPool2d,
  MaxPool1d,
  MaxPool3d,
  MaxUnpool2d,
  ReflectionPad2d,
  ReplicationPad2d,
  Upsample,
  ZeroPad2d,
  type ConvPaddingMode,
  type Module,
} from '../src/index.ts';
import { checkNoLeaks, fromFixture, type FlatTensor } from './helpers.ts';
import { checkAgainstTorch, type TorchRecord } from './torch-record.ts';
import fixture from './fixtures/resampling.json';

checkNoLeaks();

const records = fixture as unknown as Record<string, TorchRecord> & { fractionalMaxPool2d: { randomSamples: FlatTensor } };

/** The Stride module of each record, built with the arguments scripts/gen_fixtures.py gave PyTorch's. */
const modules: Record<string, () => Module> = {
  zeroPad2d: () => new ZeroPad2d([1, 2, 0, 3]),
  constantPad2d: () => new ConstantPad2d([-1, 2, 1, -1], -0.5),
  constantPad2dInt: () => new ConstantPad2d(2, 1.5),
  reflectionPad2d: () => new ReflectionPad2d([2, 1, 1, 3]),
  replicationPad2d: () => new ReplicationPad2d(2),
  upsampleNearest: () => new Upsample({ scaleFactor: 2 }),
  upsampleBilinearAligned: () => new Upsample({ size: [7, 5], mode: 'bilinear', alignCorners: true }),
  upsampleBilinear: () => new Upsample({ scaleFactor: 1.5, mode: 'bilinear' }),
  maxPool1d: () => new MaxPool1d(3, { stride: 2, padding: 1 }),
  avgPool1d: () => new AvgPool1d(4, { stride: 2, padding: 2, ceilMode: true, countIncludePad: false }),
  maxPool3d: () => new MaxPool3d(2, { stride: [1, 2, 2], padding: [1, 0, 1] }),
  avgPool3d: () => new AvgPool3d(3, { stride: 2, padding: 1, divisorOverride: 7 }),
  adaptiveMaxPool2d: () => new AdaptiveMaxPool2d([3, null]),
  // The module keeps the samples as its buffer `_random_samples`, as PyTorch's does, and disposes them with itself.
  fractionalMaxPool2d: () =>
    new FractionalMaxPool2d(3, { outputRatio: [0.5, 0.6], randomSamples: fromFixture(records.fractionalMaxPool2d.randomSamples) }),
  maxUnpool2d: () => new MaxUnpool2d(2, { stride: 2 }),
  maxUnpool2dPadded: () => new MaxUnpool2d(3, { stride: 2, padding: 1 }),
  blurPool2d: () => new BlurPool2d(3),
  blurPool2dReplicate5: () => new BlurPool2d(4, { padMode: 'replicate', filterSize: 5, stride: 1 }),
  maxBlurPool2d: () => new MaxBlurPool2d(3, { kernelSize: 2, filterSize: 3, stride: 2 }),
  conv1d_circular: () => new Conv1d(2, 3, 3, { stride: 2, padding: 2, paddingMode: 'circular' }),
  conv3d_replicate: () => new Conv3d(2, 2, 3, { padding: [1, 2, 1], paddingMode: 'replicate', bias: false }),
};
for (const mode of ['zeros', 'reflect', 'replicate', 'circular'] as ConvPaddingMode[]) {
  modules[`conv2d_${mode}`] = () => new Conv2d(3, 4, 3, { padding: [2, 1], paddingMode: mode });
  modules[`conv2dSame_${mode}`] = () => new Conv2d(2, 3, [4, 3], { padding: 'same', dilation: [1, 2], paddingMode: mode });
}

describe('padding, resampling and pooling modules match PyTorch 1.13 (output and gradients, rtol 1e-5)', () => {
  for (const [name, make] of Object.entries(modules)) {
    it(`${name}`, () => checkAgainstTorch(make(), records[name]!));
  }
});
