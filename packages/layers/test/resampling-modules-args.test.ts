import { describe, expect, it } from 'vitest';
import { memory, zeros } from '@stride/core-tensor';
import {
  AdaptiveMaxPool2d,
  AvgPool1d,
  AvgPool3d,
  BlurPool2d,
  ConstantPad2d,
  Conv1d,
  Conv2d,
  FractionalMaxPool2d,
  MaxBlurPool2d,
  MaxPool1d,
  MaxPool3d,
  MaxUnpool2d,
  ReflectionPad2d,
  ReplicationPad2d,
  Sequential,
  Upsample,
  ZeroPad2d,
  summaryTable,
  type Module,
} from '../src/index.ts';
import { checkNoLeaks } from './helpers.ts';
import fixture from './fixtures/resampling.json';

checkNoLeaks();

function disposing<M extends Module, T>(model: M, fn: (m: M) => T): T {
  try {
    return fn(model);
  } finally {
    model.dispose();
  }
}

describe('state-dict keys are PyTorch’s', () => {
  it("BlurPool2d keeps antialiased-cnns' filter buffer as 'filt', [C, 1, f, f]", () => {
    disposing(new BlurPool2d(3), (m) => {
      expect(Object.keys(m.stateDict())).toEqual(fixture.keys.blurPool2d);
      expect([...m.stateDict().filt!.shape]).toEqual([3, 1, 3, 3]);
      expect([...m.stateDict().filt!.dataSync().slice(0, 9)]).toEqual([1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16));
    });
  });

  it("MaxBlurPool2d is antialiased-cnns' Sequential: its filter is '1.filt'", () => {
    disposing(new MaxBlurPool2d(3), (m) => expect(Object.keys(m.stateDict())).toEqual(fixture.keys.maxBlurPool2d));
  });

  it('a Conv2d with a padding mode has the keys of one without', () => {
    disposing(new Conv2d(3, 4, 3, { padding: [2, 1], paddingMode: 'reflect' }), (m) =>
      expect(Object.keys(m.stateDict())).toEqual(fixture.keys.conv2d_reflect),
    );
  });

  it("FractionalMaxPool2d keeps given samples as PyTorch's buffer '_random_samples', and none otherwise", () => {
    disposing(new FractionalMaxPool2d(2, { outputSize: 3, randomSamples: zeros([1, 2, 2]) }), (m) =>
      expect(Object.keys(m.stateDict())).toEqual(['_random_samples']),
    );
    disposing(new FractionalMaxPool2d(2, { outputSize: 3 }), (m) => expect(Object.keys(m.stateDict())).toEqual([]));
  });

  it('the padding and pooling layers without parameters have no keys', () => {
    const layers = [new ZeroPad2d(1), new Upsample({ scaleFactor: 2 }), new MaxPool3d(2), new AdaptiveMaxPool2d(2), new MaxUnpool2d(2)];
    for (const m of layers) disposing(m, () => expect(m.stateDict()).toEqual({}));
  });
});

describe('constructors check their arguments, naming the layer, the argument and the value', () => {
  const refused: [string, () => Module, string][] = [
    [
      'Conv2d with an unknown paddingMode',
      () => new Conv2d(1, 1, 3, { paddingMode: 'mirror' as 'reflect' }),
      "Conv2d: paddingMode must be 'zeros', 'reflect', 'replicate' or 'circular' but got 'mirror'",
    ],
    [
      'Conv1d with padding same and a stride',
      () => new Conv1d(1, 1, 3, { padding: 'same', stride: 2, paddingMode: 'circular' }),
      "Conv1d: padding='same' is not supported for strided convolutions (stride [2])",
    ],
    [
      'ZeroPad2d with three pads',
      () => new ZeroPad2d([1, 2, 3] as unknown as number),
      'ZeroPad2d: padding must be an integer or 4 integers (left, right, top, bottom) but got [1,2,3]',
    ],
    [
      'ReflectionPad2d with a fractional pad',
      () => new ReflectionPad2d(1.5),
      'ReflectionPad2d: padding must be an integer or 4 integers (left, right, top, bottom) but got 1.5',
    ],
    [
      'ReplicationPad2d with NaN',
      () => new ReplicationPad2d([1, 1, NaN, 1]),
      'ReplicationPad2d: padding must be an integer or 4 integers (left, right, top, bottom) but got [1,1,null,1]',
    ],
    [
      'Upsample with both size and scaleFactor',
      () => new Upsample({ size: 4, scaleFactor: 2 }),
      'Upsample: give exactly one of size and scaleFactor (got both)',
    ],
    [
      'Upsample nearest with alignCorners',
      () => new Upsample({ scaleFactor: 2, alignCorners: true }),
      "Upsample: alignCorners can only be set with mode 'bilinear' (got mode 'nearest' and alignCorners true)",
    ],
    [
      'Upsample with an unknown mode',
      () => new Upsample({ scaleFactor: 2, mode: 'bicubic' as 'bilinear' }),
      "Upsample: mode must be 'nearest' or 'bilinear' but got 'bicubic'",
    ],
    [
      'Upsample with a zero scale',
      () => new Upsample({ scaleFactor: [2, 0] }),
      'Upsample: size and scaleFactor must be positive numbers but got [2,0]',
    ],
    ['MaxPool1d with kernel 0', () => new MaxPool1d(0), 'MaxPool1d: kernelSize must be positive integers but got 0'],
    ['MaxPool1d with a 2-D kernel', () => new MaxPool1d([2, 2]), 'MaxPool1d: kernelSize must be a number or 1 numbers but got [2, 2]'],
    [
      'AvgPool1d with a negative padding',
      () => new AvgPool1d(2, { padding: -1 }),
      'AvgPool1d: padding must be non-negative integers but got -1',
    ],
    [
      'MaxPool3d with a zero dilation',
      () => new MaxPool3d(2, { dilation: [1, 0, 1] }),
      'MaxPool3d: dilation must be positive integers but got [1, 0, 1]',
    ],
    [
      'AvgPool3d with divisorOverride 0',
      () => new AvgPool3d(2, { divisorOverride: 0 }),
      'AvgPool3d: divisorOverride must be a non-zero integer but got 0',
    ],
    [
      'AdaptiveMaxPool2d to size 0',
      () => new AdaptiveMaxPool2d([0, 2]),
      'AdaptiveMaxPool2d: outputSize must be a positive integer or 2 (or null) but got [0,2]',
    ],
    ['MaxUnpool2d with stride 0', () => new MaxUnpool2d(2, { stride: 0 }), 'MaxUnpool2d: stride must be positive integers but got 0'],
    [
      'FractionalMaxPool2d with neither size nor ratio',
      () => new FractionalMaxPool2d(2),
      'FractionalMaxPool2d: give an outputSize or an outputRatio (got neither)',
    ],
    [
      'FractionalMaxPool2d with both',
      () => new FractionalMaxPool2d(2, { outputSize: 3, outputRatio: 0.5 }),
      'FractionalMaxPool2d: give only one of outputSize and outputRatio (got both)',
    ],
    [
      'FractionalMaxPool2d with a ratio of 1',
      () => new FractionalMaxPool2d(2, { outputRatio: 1 }),
      'FractionalMaxPool2d: outputRatio must be between 0 and 1 (exclusive) but got 1',
    ],
    [
      'BlurPool2d with filterSize 8',
      () => new BlurPool2d(3, { filterSize: 8 }),
      'BlurPool2d: filterSize must be an integer from 1 to 7 but got 8',
    ],
    [
      'BlurPool2d with an unknown padMode',
      () => new BlurPool2d(3, { padMode: 'circular' as 'zero' }),
      "BlurPool2d: padMode must be 'reflect', 'replicate' or 'zero' but got 'circular'",
    ],
    ['BlurPool2d with -1 channels', () => new BlurPool2d(-1), 'BlurPool2d: channels must be a non-negative integer but got -1'],
    [
      'MaxBlurPool2d with kernel 0',
      () => new MaxBlurPool2d(3, { kernelSize: 0 }),
      'MaxPool2d: kernelSize must be positive integers but got 0',
    ],
  ];
  for (const [what, make, message] of refused) {
    it(`${what}`, () => {
      const before = memory().numTensors;
      expect(make).toThrow(message);
      expect(memory().numTensors).toBe(before);
    });
  }

  it('BlurPool2d refuses an input with other than its channels', () => {
    disposing(new BlurPool2d(3), (m) => {
      const x = zeros([1, 2, 6, 6]);
      expect(() => m.forward(x)).toThrow('BlurPool2d: input has 2 channels but the layer was made for 3 (shape [1, 2, 6, 6])');
      x.dispose();
    });
  });

  it('ConstantPad2d keeps its value and pads by it', () => {
    disposing(new ConstantPad2d([1, 0, 0, 0], 7), (m) => {
      const x = zeros([1, 1, 1, 1]);
      const y = m.forward(x);
      expect([...y.dataSync()]).toEqual([7, 0]);
      [x, y].forEach((t) => t.dispose());
    });
  });
});

describe('summary(): receptive field and jump of the new layers', () => {
  const fields = (model: Module, inputShape: number[]) =>
    disposing(model, (m) => summaryTable(m, inputShape).rows.map((r) => [r.receptiveField, r.jump]));

  it('1-D pooling slides along L: MaxPool1d(3, 2) then AvgPool1d(2) gives r = 3, 5 and j = 2, 4', () => {
    expect(fields(new Sequential(new MaxPool1d(3, { stride: 2 }), new AvgPool1d(2)), [2, 17])).toEqual([
      [3, 2],
      [5, 4],
    ]);
  });

  it('3-D pooling slides along D, H and W alike', () => {
    expect(fields(new Sequential(new MaxPool3d(2), new AvgPool3d(3, { stride: 1 })), [1, 8, 8, 8])).toEqual([
      [2, 2],
      [6, 2],
    ]);
  });

  it('a blur pool is a filterSize window at its stride; MaxBlurPool2d adds its max pool at stride 1', () => {
    expect(fields(new BlurPool2d(2, { filterSize: 5 }), [2, 16, 16])).toEqual([[5, 2]]);
    expect(fields(new MaxBlurPool2d(2), [2, 16, 16])).toEqual([
      [2, 1],
      [4, 2],
    ]);
  });

  it('padding changes neither; Upsample(scaleFactor 2) halves the jump', () => {
    expect(fields(new Sequential(new ReflectionPad2d(1), new Conv2d(1, 1, 3), new Upsample({ scaleFactor: 2 })), [1, 8, 8])).toEqual([
      [1, 1],
      [3, 1],
      [3, 0.5],
    ]);
  });

  it('adaptive and fractional max pooling: windows in/out apart', () => {
    expect(fields(new AdaptiveMaxPool2d(2), [1, 8, 8])).toEqual([[4, 4]]);
    expect(fields(new FractionalMaxPool2d(2, { outputSize: 4 }), [1, 8, 8])).toEqual([[2, 2]]);
  });

  it('MaxUnpool2d undoes a stride: a window of 1 at stride 1/2, as ConvTranspose2d declares one', () => {
    disposing(new MaxUnpool2d(2), (m) => expect(m.receptiveWindow()).toEqual({ kernelSize: [1, 1], stride: [0.5, 0.5], dilation: [1, 1] }));
  });
});
