import { isFloating } from '../dtype.js';
import { normalizeDim } from '../shape.js';
import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { fromKernel } from './create-tensor.js';
import { contiguous, cast } from './shape-ops.js';
import { exp, mul, sub } from './elementwise.js';
import { sum } from './reduce.js';

function softmaxKernel(op: 'softmax' | 'logSoftmax', x: Tensor, dim: number): { out: Tensor; axis: number } {
  const axis = normalizeDim(op, dim, x.ndim);
  const input = isFloating(x.dtype) ? contiguous(x) : cast(x, 'float32');
  const dense = { id: input.storage(op).id, shape: x.shape, dtype: input.dtype };
  const id = x.ndim === 0 ? x.backend.fill(1, op === 'softmax' ? 1 : 0, input.dtype) : x.backend[op](dense, axis);
  const out = fromKernel(x.backend, id, x.shape, input.dtype);
  if (input !== x) input.dispose();
  return { out, axis };
}

/** dx = y ⊙ (dy − Σ dy ⊙ y) along dim. */
export function softmax(x: Tensor, dim: number): Tensor {
  const { out, axis } = softmaxKernel('softmax', x, dim);
  return record('softmax', [x], out, (dy) => [mul(out, sub(dy, sum(mul(dy, out), axis, true)))]);
}

/** dx = dy − exp(y) ⊙ Σ dy along dim. */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  const { out, axis } = softmaxKernel('logSoftmax', x, dim);
  return record('logSoftmax', [x], out, (dy) => [sub(dy, mul(exp(out), sum(dy, axis, true)))]);
}
