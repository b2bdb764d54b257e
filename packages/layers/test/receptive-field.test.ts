import { describe, expect, it } from 'vitest';
import { functional as F, randn, tidy, type Tensor } from '@stride/core-tensor';
import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  Conv2d,
  ConvTranspose2d,
  Flatten,
  GlobalAvgPool2d,
  Identity,
  Linear,
  MaxPool2d,
  Module,
  ReLU,
  Sequential,
  Tanh,
  init,
  summaryTable,
} from '../src/index.ts';
import { checkNoLeaks } from './helpers.ts';

checkNoLeaks();

/** [receptive field, jump] per row. */
function fields(model: Module, inputShape: number[]): [number, number][] {
  return summaryTable(model, inputShape).rows.map((r) => [r.receptiveField, r.jump]);
}

function disposing<M extends Module, T>(model: M, fn: (m: M) => T): T {
  try {
    return fn(model);
  } finally {
    model.dispose();
  }
}

describe("receptive field and jump: the course's recurrence r += (k − 1)·d·j, j *= stride", () => {
  it('LeNet-5 as LeCun 1998 (no padding, 32×32): the first Linear sees exactly the whole image', () => {
    const lenet = new Sequential(
      new Conv2d(1, 6, 5),
      new Tanh(),
      new AvgPool2d(2),
      new Conv2d(6, 16, 5),
      new Tanh(),
      new AvgPool2d(2),
      new Flatten(),
      new Linear(400, 120),
      new Tanh(),
      new Linear(120, 84),
      new Tanh(),
      new Linear(84, 10),
    );
    // By hand: conv 1+4 = 5; pool 5+1·1 = 6, j 2; conv 6+4·2 = 14; pool 14+1·2 = 16, j 4 on a 5×5 map;
    // flatten: every feature sees the map, 16+(5−1)·4 = 32 = the image, j 4·5 = 20.
    expect(disposing(lenet, (m) => fields(m, [1, 32, 32]))).toEqual([
      [5, 1],
      [5, 1],
      [6, 2],
      [14, 2],
      [14, 2],
      [16, 4],
      [32, 20],
      [32, 20],
      [32, 20],
      [32, 20],
      [32, 20],
      [32, 20],
    ]);
  });

  it("a VGG-like stack gives VGG-16's published values (5, 6, 14, 16, 40, 44), then the global pool's whole map", () => {
    const conv = (i: number, o: number) => [new Conv2d(i, o, 3, { padding: 1 }), new ReLU()];
    const vgg = new Sequential(
      ...conv(3, 8),
      ...conv(8, 8),
      new MaxPool2d(2),
      ...conv(8, 16),
      ...conv(16, 16),
      new MaxPool2d(2),
      ...conv(16, 16),
      ...conv(16, 16),
      ...conv(16, 16),
      new MaxPool2d(2),
      new AdaptiveAvgPool2d(1),
      new Flatten(),
      new Linear(16, 10),
    );
    const rows = disposing(vgg, (m) => fields(m, [3, 32, 32]));
    // By hand: 3, 5 | pool 6 (j 2) | 10, 14 | pool 16 (j 4) | 24, 32, 40 | pool 44 (j 8) on a 4×4 map |
    // adaptive pool to 1: a 4-wide window, 44 + 3·8 = 68, j 32 | flatten and Linear keep it.
    expect(rows).toEqual([
      [3, 1],
      [3, 1],
      [5, 1],
      [5, 1],
      [6, 2],
      [10, 2],
      [10, 2],
      [14, 2],
      [14, 2],
      [16, 4],
      [24, 4],
      [24, 4],
      [32, 4],
      [32, 4],
      [40, 4],
      [40, 4],
      [44, 8],
      [68, 32],
      [68, 32],
      [68, 32],
    ]);
  });

  it('counts dilation in the kernel extent and strides in the jump', () => {
    const net = new Sequential(
      new Conv2d(1, 1, 3, { dilation: 2 }),
      new Conv2d(1, 1, 3, { stride: 2 }),
      new Conv2d(1, 1, 3, { dilation: 2 }),
    );
    expect(disposing(net, (m) => fields(m, [1, 21, 21]))).toEqual([
      [5, 1],
      [7, 2],
      [15, 2],
    ]);
  });

  it('tracks non-square windows per dim: rows give the largest, the table prints H×W', () => {
    const net = new Sequential(new Conv2d(1, 2, [3, 5], { stride: [1, 2] }), new MaxPool2d([2, 1]));
    const table = disposing(net, (m) => summaryTable(m, [1, 9, 9]));
    expect(table.rows.map((r) => [r.receptiveFieldPerDim, r.jumpPerDim, r.receptiveField, r.jump])).toEqual([
      [[3, 5], [1, 2], 5, 2],
      [[4, 5], [2, 2], 5, 2],
    ]);
  });

  it('upsampling by a transposed convolution divides the jump by its stride', () => {
    // ConvTranspose2d(k, s): one output gathers from ⌈((k−1)·d+1)/s⌉ inputs, 1/s apart.
    const net = new Sequential(
      new Conv2d(1, 1, 3, { stride: 2 }),
      new ConvTranspose2d(1, 1, 3, { stride: 2 }),
      new ConvTranspose2d(1, 1, 4, { stride: 2, padding: 1 }),
    );
    expect(disposing(net, (m) => fields(m, [1, 9, 9]))).toEqual([
      [3, 2],
      [5, 1],
      [6, 0.5],
    ]);
  });

  it('an adaptive pool slides its largest window n/out apart', () => {
    // 7 → 3: windows [0,3), [2,5), [4,7), 7/3 apart.
    const net = new Sequential(new Conv2d(1, 1, 1), new AdaptiveAvgPool2d(3));
    const table = disposing(net, (m) => summaryTable(m, [1, 7, 7]));
    expect(table.rows[1]).toMatchObject({ receptiveField: 3, jump: 7 / 3 });
  });

  it('global pooling and Linear over a map see the whole map; a Linear on [N, C, H, W] mixes W only', () => {
    const gap = new Sequential(new Conv2d(1, 2, 3), new GlobalAvgPool2d(), new Linear(2, 2));
    expect(disposing(gap, (m) => fields(m, [1, 8, 8]))).toEqual([
      [3, 1],
      [8, 6],
      [8, 6],
    ]);
    const lastDim = new Sequential(new Conv2d(1, 2, 3), new Linear(6, 4));
    const table = disposing(lastDim, (m) => summaryTable(m, [1, 8, 8]));
    expect(table.rows[1]).toMatchObject({ receptiveFieldPerDim: [3, 8], jumpPerDim: [1, 6] });
  });

  it('activations, Identity and an input without spatial dims keep r = 1, j = 1', () => {
    const mlp = new Sequential(new Linear(4, 3), new ReLU(), new Identity(), new Linear(3, 2));
    expect(disposing(mlp, (m) => fields(m, [4]))).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
  });

  it('a residual sum (made by no module) takes the wider branch; a shortcut keeps its own', () => {
    class Block extends Module {
      conv1 = new Conv2d(1, 1, 3, { padding: 1 });
      conv2 = new Conv2d(1, 1, 3, { padding: 1 });
      shortcut = new Conv2d(1, 1, 1);
      relu = new ReLU();
      forward(x: Tensor): Tensor {
        return this.relu.forward(this.conv2.forward(this.conv1.forward(x)).add(this.shortcut.forward(x)));
      }
    }
    expect(disposing(new Block(), (m) => fields(m, [1, 8, 8]))).toEqual([
      [3, 1],
      [5, 1],
      [1, 1],
      [5, 1],
    ]);
  });

  it('functional calls in forward are invisible; a Linear after a functional flatten sees the whole last map', () => {
    class Net extends Module {
      conv1 = new Conv2d(1, 4, 5, { padding: 2 });
      fc = new Linear(4 * 14 * 14, 10);
      forward(x: Tensor) {
        return this.fc.forward(F.maxPool2d(F.relu(this.conv1.forward(x)), { kernelSize: 2 }).flatten(1));
      }
    }
    // conv1: 5, j 1 on a 28×28 map; fc: 5 + 27·1 = 32, j 28 (F.maxPool2d is not counted).
    expect(disposing(new Net(), (m) => fields(m, [1, 28, 28]))).toEqual([
      [5, 1],
      [32, 28],
    ]);
  });
});

describe('the recurrence agrees with the input gradient of one output', () => {
  /** Width along W of the inputs an output pixel depends on, the widest over a few central outputs. */
  function measuredField(net: Module, size: number): { r: number; j: number } {
    const x = randn([1, 1, size, size], { seed: 1, requiresGrad: true });
    const out = tidy(() => net.forward(x));
    const [oh, ow] = out.shape.slice(2) as [number, number];
    out.dispose();
    let r = 0;
    const starts: number[] = [];
    // Five neighbouring outputs: four steps, so an upsampling jump of 1/2 shows as 2 pixels over 4.
    for (let c = Math.floor(ow / 2) - 2; c <= Math.floor(ow / 2) + 2; c++) {
      const cols = tidy(() => {
        net
          .forward(x)
          .slice(2, Math.floor(oh / 2), Math.floor(oh / 2) + 1)
          .slice(3, c, c + 1)
          .sum()
          .backward();
        const g = x.grad!.sum(2).reshape([size]).dataSync();
        return [...g].flatMap((v, i) => (v !== 0 ? [i] : []));
      });
      x.grad?.dispose();
      x.grad = null;
      r = Math.max(r, cols[cols.length - 1]! - cols[0]! + 1);
      starts.push(cols[0]!);
    }
    x.dispose();
    return { r, j: (starts[starts.length - 1]! - starts[0]!) / (starts.length - 1) };
  }

  const stacks: [string, () => Module, number, 'exact' | 'bound'][] = [
    [
      'dilated and strided convolutions with pooling',
      () => new Sequential(new Conv2d(1, 1, 3, { dilation: 2 }), new Conv2d(1, 1, 3, { stride: 2 }), new AvgPool2d(2), new Conv2d(1, 1, 3)),
      40,
      'exact',
    ],
    [
      'a pooled conv stack',
      () => new Sequential(new Conv2d(1, 1, 5), new AvgPool2d(3, { stride: 2 }), new Conv2d(1, 1, 3, { dilation: 3 })),
      40,
      'exact',
    ],
    [
      'a strided conv then a transposed conv',
      () => new Sequential(new Conv2d(1, 1, 3, { stride: 2 }), new ConvTranspose2d(1, 1, 3, { stride: 2 })),
      24,
      'exact',
    ],
    [
      'two upsampling transposed convolutions',
      () =>
        new Sequential(
          new Conv2d(1, 1, 3, { stride: 2 }),
          new ConvTranspose2d(1, 1, 3, { stride: 2 }),
          new ConvTranspose2d(1, 1, 4, { stride: 2, padding: 1 }),
        ),
      24,
      // The first transposed conv's outputs alternately see 5 and 3 pixels; the recurrence carries
      // the widest (5) into the next one, so it gives 6 where the true widest is 5.
      'bound',
    ],
  ];
  for (const [what, make, size, kind] of stacks) {
    it(`for ${what}${kind === 'bound' ? ' (an upper bound after two upsamplings)' : ''}`, () => {
      const net = make();
      // Positive weights so no contribution cancels: the gradient's support is the receptive field.
      net.apply((m) => {
        if (m instanceof Conv2d || m instanceof ConvTranspose2d) {
          init.uniform(m.weight, 0.5, 1, { seed: 2 });
          if (m.bias) init.zeros(m.bias);
        }
      });
      const rows = summaryTable(net, [1, size, size]).rows;
      const last = rows[rows.length - 1]!;
      const measured = measuredField(net, size);
      expect(last.jump).toBe(measured.j);
      if (kind === 'exact') expect(last.receptiveField).toBe(measured.r);
      else expect([last.receptiveField, measured.r]).toEqual([6, 5]);
      net.dispose();
    });
  }
});
