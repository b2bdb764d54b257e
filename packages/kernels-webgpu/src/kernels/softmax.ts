import { sizeOf, type Dense, type OptionalKernels } from '@stride/core-tensor/backend';
import type { Gpu } from '../gpu/gpu.js';
import { linearGrid } from '../gpu/program.js';
import { softmaxProgram } from '../programs/softmax.wgsl.js';

export function softmaxKernels(gpu: Gpu): Pick<OptionalKernels, 'softmax' | 'logSoftmax'> {
  const along = (x: Dense, axis: number, log: boolean) => {
    const len = x.shape[axis]!;
    const inner = sizeOf(x.shape.slice(axis + 1));
    const lines = sizeOf(x.shape.slice(0, axis)) * inner;
    const out = gpu.alloc(sizeOf(x.shape), x.dtype);
    gpu.run(softmaxProgram(log), [x.id], [out], [lines, len, inner], linearGrid(lines));
    return out;
  };
  return {
    softmax: (x, axis) => along(x, axis, false),
    logSoftmax: (x, axis) => along(x, axis, true),
  };
}
