import { pcgHash, type RequiredKernels } from '@stride/core-tensor/backend';
import type { Gpu } from '../gpu/gpu.js';
import { linearGrid } from '../gpu/program.js';
import { scalarOf } from '../programs/elementwise.wgsl.js';
import { randomProgram } from '../programs/random.wgsl.js';

export function randomKernels(gpu: Gpu): Pick<RequiredKernels, 'random'> {
  return {
    /** Element i is core's counter-based draw (seed, i), the same stream the CPU backend draws. */
    random(size, { distribution, seed }, dtype) {
      const out = gpu.alloc(size, dtype);
      gpu.run(randomProgram(distribution, scalarOf(dtype)), [], [out], [size, pcgHash(seed)], linearGrid(size));
      return out;
    },
  };
}
