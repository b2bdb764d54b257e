import type { Tensor } from '../tensor.js';
import { clamp as clampBetween } from './elementwise.js';

/** torch.clamp's keyword arguments: either bound may be left out, not both. */
export interface ClampOptions {
  min?: number;
  max?: number;
}

/** clamp(x, { min, max }): each element limited to [min, max] (see Tensor.clamp for the gradient rule). */
export function clamp(x: Tensor, opts: ClampOptions): Tensor {
  return clampBetween(x, opts.min, opts.max);
}
