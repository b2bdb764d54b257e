import { functional as F, gather, indexSelect, randn, tensor, topk, type Backend, type Tensor } from '@stride/core-tensor';
import { compose, randomHorizontalFlip, randomResizedCrop } from '@stride/data-mnist-cifar';
import type { OpCase } from '../../cases/op-cases.js';
import { Unsupported, type Workload } from '../engine.js';
import { mulberry32, uniformData } from '../random-data.js';

/** The 0.2 ops' rows on Stride, through the public API as a user calls them; each run reads its result. */
export function strideOp(c: OpCase, backend: Backend): Workload {
  const normal = (shape: number[], seed: number) => randn(shape, { seed, backend });
  const ints = (shape: number[], below: number, seed: number) =>
    tensor(
      Int32Array.from(
        uniformData(
          shape.reduce((a, b) => a * b, 1),
          seed,
        ),
        (u) => Math.min(below - 1, Math.floor(Math.abs(u) * below)),
      ),
      shape,
      {
        dtype: 'int32',
        backend,
      },
    );
  switch (c.op) {
    case 'interpolate': {
      const x = normal([c.n, c.c, c.size, c.size], 1);
      return reading(() => F.interpolate(x, { scaleFactor: c.scale, mode: 'bilinear', alignCorners: false }), [x]);
    }
    case 'padReflect': {
      const x = normal([c.n, c.c, c.size, c.size], 2);
      return reading(() => F.pad(x, [c.pad, c.pad, c.pad, c.pad], { mode: 'reflect' }), [x]);
    }
    case 'indexSelect': {
      const [table, index] = [normal([c.rows, c.width], 3), ints([c.picks], c.rows, 4)];
      return reading(() => indexSelect(table, 0, index), [table, index]);
    }
    case 'gather': {
      const [x, index] = [normal([c.rows, c.width], 5), ints([c.rows, c.width], c.width, 6)];
      return reading(() => gather(x, 1, index), [x, index]);
    }
    case 'topk': {
      const x = normal([c.rows, c.width], 7);
      return reading(() => {
        const { values, indices } = topk(x, c.k);
        indices.dispose();
        return values;
      }, [x]);
    }
    case 'blurPool': {
      const x = normal([c.n, c.c, c.size, c.size], 8);
      return reading(() => F.blurPool2d(x, { stride: 2 }), [x]);
    }
  }
}

/** The data package's augmentation of n CIFAR images, on typed arrays (no backend involved). */
export function strideAugment(n: number, backend: Backend): Workload {
  if (backend.name.startsWith('webgpu')) throw new Unsupported('augmentation runs on the CPU before any backend: timed on the cpu row');
  const data = new Float32Array(uniformData(n * 3 * 32 * 32, 9));
  const augment = compose([randomResizedCrop({ size: 32 }), randomHorizontalFlip()]);
  let step = 0;
  return {
    run: async (probe) => {
      const out = augment({ data, shape: [n, 3, 32, 32] }, mulberry32(step++));
      if (out.data.length !== data.length) throw new Error('augment: the batch changed size');
      probe(data.byteLength + out.data.byteLength);
    },
    dispose: () => {},
  };
}

function reading(fn: () => Tensor, owned: Tensor[]): Workload {
  return {
    run: async (probe) => {
      const y = fn();
      probe();
      await y.data();
      y.dispose();
    },
    dispose: () => owned.forEach((t) => t.dispose()),
  };
}
