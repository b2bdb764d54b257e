import type { Tensor } from '../tensor.js';
import { adopt } from '../autograd/composite.js';
import { detach } from './shape-ops.js';

/**
 * A view of `t` (no copy) that `out`'s gradient rule reads instead of `t`, owned by `out`'s node
 * and freed with the graph: a user may dispose the indices an op took before calling backward,
 * as PyTorch saves them for its backward. Without a graph nothing is saved.
 */
export function saveFor(out: Tensor, t: Tensor): Tensor {
  if (!out.node) return t;
  const view = detach(t);
  adopt(out, [view]);
  return view;
}
