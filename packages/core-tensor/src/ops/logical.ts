import type { Tensor } from '../tensor.js';
import { composite } from '../autograd/composite.js';
import { compare } from './elementwise.js';
import { reduceAxes, sum } from './reduce.js';

type Dims = number | readonly number[];

/**
 * torch.all: 1 where every element over `dim` (everything when undefined) is nonzero, else 0, as
 * int32 (Stride's bool). NaN counts as true; all of nothing is 1.
 */
export function all(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const axes = reduceAxes('all', x, dim);
  x.storage('all');
  return composite(() => compare('eq', sum(compare('eq', x, 0), axes, keepdim), 0));
}

/** torch.any: 1 where some element over `dim` (everything when undefined) is nonzero, else 0 (int32); any of nothing is 0. */
export function any(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const axes = reduceAxes('any', x, dim);
  x.storage('any');
  return composite(() => compare('gt', sum(compare('ne', x, 0), axes, keepdim), 0));
}
