import type { Tensor } from '../tensor.js';
import { normalizeDim } from '../shape.js';
import { add } from './elementwise.js';
import { withGradient } from './own-gradient.js';
import { flip } from './rearranging.js';
import { clone, constantPad, slice } from './shape-ops.js';

/**
 * torch.cumsum: running sums along dim. A Hillis–Steele scan: log₂ n passes, each adding the
 * sums so far shifted by 1, 2, 4, … places, so no op runs per element. int32 stays int32 (torch
 * gives int64). The gradient is the running sum from the other end.
 */
export function cumsum(x: Tensor, dim: number): Tensor {
  const axis = normalizeDim('cumsum', dim, x.ndim);
  x.storage('cumsum');
  const n = x.shape[axis] ?? 1;
  return withGradient(
    'cumsum',
    [x],
    () => {
      let sums = clone(x);
      for (let shift = 1; shift < n; shift *= 2) {
        const pads = x.shape.map((_, i): [number, number] => (i === axis ? [shift, 0] : [0, 0]));
        sums = add(sums, constantPad(slice(sums, axis, 0, n - shift), pads, 0));
      }
      return sums;
    },
    (dy) => [flip(cumsum(flip(dy, axis), axis), axis)],
  );
}
