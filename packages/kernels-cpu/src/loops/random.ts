import { normalAt, uniformAt, type RequiredKernels } from '@stride/core-tensor/backend';
import { store, uninitialized } from '../storage.js';

export function randomKernels(): Pick<RequiredKernels, 'random'> {
  return {
    /** Element i is core's counter-based draw (seed, i), so every backend yields the same tensor. */
    random(size, { distribution, seed }, dtype) {
      const draw = distribution === 'uniform' ? uniformAt : normalAt;
      const out = uninitialized(dtype, size);
      for (let i = 0; i < size; i++) out[i] = draw(seed, i);
      return store(out);
    },
  };
}
