import type { Dense, SortResult } from '../backend/backend.js';
import type { Tensor } from '../tensor.js';
import { normalizeDim } from '../shape.js';
import { record } from '../autograd/record.js';
import { fromKernel } from './create-tensor.js';
import { withDense } from './dense-operands.js';
import { zerosLike } from './creation.js';
import { reshape } from './shape-ops.js';
import { scatterAdd } from './indexing.js';
import { saveFor } from './saved.js';

export interface SortOptions {
  dim?: number;
  descending?: boolean;
  /** Accepted for PyTorch's signature: every Stride sort is stable (equal values keep their order). */
  stable?: boolean;
}

export interface TopkOptions {
  dim?: number;
  /** false: the k smallest. */
  largest?: boolean;
  /** Accepted for PyTorch's signature: the k values always come sorted (PyTorch leaves the order open when false). */
  sorted?: boolean;
}

/**
 * Values and their int32 positions along the sorted dimension. A type, not an interface, so that
 * `tidy(() => sort(x))` keeps both (tidy takes objects of tensors through an index signature).
 */
export type ValuesAndIndices = { values: Tensor; indices: Tensor };

/**
 * torch.sort: the values along dim in ascending (or descending) order and where each came from.
 * NaN sorts above every number. The sort is stable, so equal values keep their order (torch's
 * `stable=True`); the gradient goes back to each value's place.
 */
export function sort(x: Tensor, opts: SortOptions = {}): ValuesAndIndices {
  return sortAs('sort', x, opts);
}

/** torch.argsort: the positions that sort x along dim (int32). */
export function argsort(x: Tensor, opts: Omit<SortOptions, 'stable'> = {}): Tensor {
  const { values, indices } = sortAs('argsort', x, opts);
  values.dispose();
  return indices;
}

function sortAs(op: string, x: Tensor, opts: SortOptions): ValuesAndIndices {
  const axis = normalizeDim(op, opts.dim ?? -1, x.ndim);
  return alongAxis(op, x, axis, (xd, a) => x.backend.sort(xd, a, opts.descending ?? false), x.shape[axis] ?? 1);
}

/** torch.topk: the k largest (or smallest) values along dim, in order, and their int32 positions. */
export function topk(x: Tensor, k: number, opts: TopkOptions = {}): ValuesAndIndices {
  const op = 'topk';
  const dim = opts.dim ?? -1;
  const axis = normalizeDim(op, dim, x.ndim);
  const size = x.shape[axis] ?? 1;
  if (!Number.isInteger(k) || k < 0 || k > size) {
    throw new Error(`${op}: k is ${k} but dimension ${dim} of input has size ${size} (expected an integer 0 ≤ k ≤ ${size})`);
  }
  return alongAxis(op, x, axis, (xd, a) => x.backend.topk(xd, k, a, opts.largest ?? true), k);
}

/** Runs a sorting kernel (a 0-d input as one element) and records the values' gradient. */
function alongAxis(op: string, x: Tensor, axis: number, kernel: (xd: Dense, axis: number) => SortResult, len: number): ValuesAndIndices {
  x.storage(op);
  const shape = x.ndim === 0 ? [1] : x.shape;
  const outShape = x.ndim > 0 ? x.shape.map((d, i) => (i === axis ? len : d)) : len === 1 ? [] : [len];
  const result = withDense([[x, op, 'input']] as const, ([xd]) => kernel({ ...xd, shape }, axis));
  const values = fromKernel(x.backend, result.values, outShape, x.dtype);
  const indices = fromKernel(x.backend, result.indices, outShape, 'int32');
  const out = record(op, [x], values, (dy) => [
    x.ndim > 0 ? scatterAdd(zerosLike(x), axis, saved, dy) : len === 1 ? reshape(dy, []) : zerosLike(x),
  ]);
  const saved = saveFor(out, indices);
  return { values: out, indices };
}
