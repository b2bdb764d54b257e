import { sizeOf, type OptionalKernels } from '@stride/core-tensor/backend';
import type { Gpu } from '../gpu/gpu.js';
import { linearGrid } from '../gpu/program.js';
import { channelAffineProgram } from '../programs/channel-affine.wgsl.js';

/** channelAffine in one dispatch (float32; the only float dtype this backend holds). */
export function channelAffineKernels(gpu: Gpu): Pick<OptionalKernels, 'channelAffine'> {
  return {
    channelAffine(x, scale, shift, relu) {
      const n = sizeOf(x.shape);
      const channels = x.shape[1]!;
      const plane = n === 0 ? 1 : n / (x.shape[0]! * channels);
      const out = gpu.alloc(n, x.dtype);
      const inputs = [x.id, ...(scale ? [scale.id] : []), ...(shift ? [shift.id] : [])];
      gpu.run(channelAffineProgram(!!scale, !!shift, relu), inputs, [out], [n, plane, channels], linearGrid(n));
      return out;
    },
  };
}
