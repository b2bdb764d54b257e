import { gather } from '../ops/indexing.js';
import { reshape } from '../ops/shape-ops.js';
import type { Tensor } from '../tensor.js';

/**
 * g at the flat in-plane (or in-volume) positions `indices` names: [N, C, …in] read at int32
 * [N, C, …out] indices. It is the adjoint of scattering into those positions, so it is the
 * gradient of every max-pool backward (and of max-unpool): a gradient of a gradient goes through it.
 */
export function gatherPlanes(g: Tensor, indices: Tensor): Tensor {
  const [n, c] = [g.shape[0]!, g.shape[1]!];
  const plane = g.numel() / Math.max(1, n * c);
  const picked = gather(reshape(g, [n, c, plane]), 2, reshape(indices, [n, c, indices.numel() / Math.max(1, n * c)]));
  return reshape(picked, indices.shape);
}
