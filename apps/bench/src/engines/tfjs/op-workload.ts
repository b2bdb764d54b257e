import type { Rank, Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import type { OpCase } from '../../cases/op-cases.js';
import { Unsupported, type Workload } from '../engine.js';
import type { Tf } from './load.js';

/**
 * The 0.2 ops' rows on tfjs, through its closest public op (NHWC): resizeBilinear with half-pixel
 * centres (torch's alignCorners false), mirrorPad, gather (torch's indexSelect), topk, and the blur
 * pool as mirrorPad then a depthwise 3×3 binomial conv of stride 2. tfjs has no element-wise gather
 * along a dimension (torch.gather): that row is unsupported.
 */
export function tfjsOp(tf: Tf, c: OpCase, engine: string): Workload {
  const normal = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);
  switch (c.op) {
    case 'interpolate': {
      const x = normal([c.n, c.size, c.size, c.c], 1) as Tensor4D;
      const out: [number, number] = [c.size * c.scale, c.size * c.scale];
      return reading(tf, () => tf.image.resizeBilinear(x, out, false, true), [x]);
    }
    case 'padReflect': {
      const x = normal([c.n, c.size, c.size, c.c], 2) as Tensor4D;
      const p: [number, number] = [c.pad, c.pad];
      return reading(tf, () => tf.mirrorPad(x, [[0, 0], p, p, [0, 0]], 'reflect'), [x]);
    }
    case 'indexSelect': {
      const table = normal([c.rows, c.width], 3) as Tensor2D;
      const index = tf.randomUniform([c.picks], 0, c.rows, 'int32', 4);
      return reading(tf, () => tf.gather(table, index, 0), [table, index]);
    }
    case 'gather':
      throw new Unsupported(`${engine} has no element-wise gather along a dimension (torch.gather)`);
    case 'topk': {
      const x = normal([c.rows, c.width], 7) as Tensor2D;
      return reading(tf, () => tf.topk(x, c.k).values, [x]);
    }
    case 'blurPool': {
      const x = normal([c.n, c.size, c.size, c.c], 8) as Tensor4D;
      const row = [1, 2, 1];
      const taps = row.flatMap((a) => row.map((b) => (a * b) / 16));
      const filter = tf.tensor4d(
        Array.from({ length: 9 * c.c }, (_, i) => taps[Math.floor(i / c.c)]!),
        [3, 3, c.c, 1],
      );
      const blur = () =>
        tf.depthwiseConv2d(
          tf.mirrorPad(
            x,
            [
              [0, 0],
              [1, 1],
              [1, 1],
              [0, 0],
            ],
            'reflect',
          ),
          filter,
          2,
          'valid',
        );
      return reading(tf, blur, [x, filter]);
    }
  }
}

function reading(tf: Tf, fn: () => Tensor<Rank>, owned: Tensor[]): Workload {
  return {
    run: async (probe) => {
      const y = tf.tidy(fn);
      probe();
      await y.data();
      y.dispose();
    },
    dispose: () => tf.dispose(owned),
  };
}
