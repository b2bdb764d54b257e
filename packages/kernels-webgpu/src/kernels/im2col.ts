import type { RequiredKernels } from '@stride/core-tensor/backend';
import type { Gpu } from '../gpu/gpu.js';
import { linearGrid } from '../gpu/program.js';
import { convValues } from '../programs/conv-geometry.wgsl.js';
import { scalarOf } from '../programs/elementwise.wgsl.js';
import { col2imProgram, im2colProgram } from '../programs/im2col.wgsl.js';

export function im2colKernels(gpu: Gpu): Pick<RequiredKernels, 'im2col' | 'col2im'> {
  return {
    im2col(x, g) {
      const n = g.batch * g.inChannels * g.kernel[0] * g.kernel[1] * g.kernel[2] * g.outSize[0] * g.outSize[1] * g.outSize[2];
      const out = gpu.alloc(n, x.dtype);
      gpu.run(im2colProgram(scalarOf(x.dtype)), [x.id], [out], [n, ...convValues(g)], linearGrid(n));
      return out;
    },
    col2im(cols, g) {
      const n = g.batch * g.inChannels * g.inSize[0] * g.inSize[1] * g.inSize[2];
      const out = gpu.alloc(n, cols.dtype);
      gpu.run(col2imProgram(scalarOf(cols.dtype)), [cols.id], [out], [n, ...convValues(g)], linearGrid(n));
      return out;
    },
  };
}
