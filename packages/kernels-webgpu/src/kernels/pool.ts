import type { OptionalKernels, PoolGeometry, RequiredKernels } from '@stride/core-tensor/backend';
import type { Gpu } from '../gpu/gpu.js';
import { linearGrid } from '../gpu/program.js';
import { scalarOf } from '../programs/elementwise.wgsl.js';
import {
  avgPoolBackwardProgram,
  avgPoolProgram,
  avgValues,
  maxPoolBackwardProgram,
  maxPoolProgram,
  poolValues,
} from '../programs/pool.wgsl.js';

const outputs = (g: PoolGeometry) => g.batch * g.channels * g.outSize[0] * g.outSize[1];
const inputs = (g: PoolGeometry) => g.batch * g.channels * g.inSize[0] * g.inSize[1];

export function poolKernels(
  gpu: Gpu,
): Pick<RequiredKernels, 'maxPool2d' | 'maxPool2dBackward'> & Pick<OptionalKernels, 'avgPool2d' | 'avgPool2dBackward'> {
  return {
    maxPool2d(x, g) {
      const n = outputs(g);
      const out = gpu.alloc(n, x.dtype);
      const argmax = gpu.alloc(n, 'int32');
      gpu.run(maxPoolProgram(scalarOf(x.dtype)), [x.id], [out, argmax], poolValues(n, g), linearGrid(n));
      return { out, argmax };
    },
    maxPool2dBackward(dy, argmax, g) {
      const n = inputs(g);
      const dx = gpu.alloc(n, dy.dtype);
      gpu.run(maxPoolBackwardProgram(scalarOf(dy.dtype)), [dy.id, argmax.id], [dx], poolValues(n, g), linearGrid(n));
      return dx;
    },
    avgPool2d(x, g, opts) {
      const n = outputs(g);
      const out = gpu.alloc(n, x.dtype);
      gpu.run(avgPoolProgram(), [x.id], [out], avgValues(n, g, opts), linearGrid(n));
      return out;
    },
    avgPool2dBackward(dy, g, opts) {
      const n = inputs(g);
      const dx = gpu.alloc(n, dy.dtype);
      gpu.run(avgPoolBackwardProgram(), [dy.id], [dx], avgValues(n, g, opts), linearGrid(n));
      return dx;
    },
  };
}
