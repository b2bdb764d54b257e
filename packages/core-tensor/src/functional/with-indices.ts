import { composite } from '../autograd/composite.js';
import { keep, track } from '../memory/scope.js';
import type { Tensor } from '../tensor.js';
import { viewOf } from '../ops/create-tensor.js';
import { squeeze, unsqueeze } from '../ops/shape-ops.js';

/** A max pooling's result with `returnIndices`: the values and, per output, the flat index of its maximum in the input plane (int32). */
export interface WithIndices {
  output: Tensor;
  indices: Tensor;
}

/**
 * The indices handed to the caller: a view of the ones the gradient rule keeps, so the caller may
 * dispose theirs (or let a tidy take it) without pulling them from under a later backward().
 */
export function callersIndices(indices: Tensor): Tensor {
  return viewOf(indices, indices.shape, indices.strides, indices.offset, 'indices');
}

/** `withBatchDim` for ops that also return indices: PyTorch's unbatched form (no N dim) runs as a batch of one. */
export function withBatchDimAndIndices(rank: number, x: Tensor, fn: (batched: Tensor) => WithIndices): WithIndices {
  if (x.ndim !== rank + 1) return fn(x);
  return compositeWithIndices(() => {
    const r = fn(unsqueeze(x, 0));
    return { output: squeeze(r.output, 0), indices: squeeze(r.indices, 0) };
  });
}

/**
 * `composite` for an op that returns indices beside its output: the intermediates belong to the
 * output's node, and the indices to the caller's scope.
 */
export function compositeWithIndices(fn: () => WithIndices): WithIndices {
  let indices: Tensor | undefined;
  const output = composite(() => {
    const r = fn();
    // Kept out of the composite's scope (which would dispose it), then handed to the caller's.
    indices = keep(r.indices);
    return r.output;
  });
  track(indices!);
  return { output, indices: indices! };
}
