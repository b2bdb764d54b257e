import type { Tensor } from '../tensor.js';
import { broadcastShapes, formatShape, normalizeDim, shapesEqual } from '../shape.js';
import { record } from '../autograd/record.js';
import { composite } from '../autograd/composite.js';
import { assertSameBackend } from './checks.js';
import { fromKernel } from './create-tensor.js';
import { withDense } from './dense-operands.js';
import { full, zerosLike } from './creation.js';
import { cast, clone, reshape, slice } from './shape-ops.js';
import { mul, where } from './elementwise.js';
import { assertFitsOffAxis, assertIndexDtype, checkIndexRange } from './index-checks.js';
import { saveFor } from './saved.js';

/** torch.gather: out[i][j] = x[index[i][j]][j] along dim 0 (and so on); out has index's shape. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const op = 'gather';
  const axis = checkIndexOp(op, x, dim, index);
  assertFitsOffAxis(op, index, x, axis);
  if (x.ndim === 0) return composite(() => reshape(gather(reshape(x, [1]), 0, reshape(index, [1])), []));
  checkIndexRange(op, index, x.shape[axis]!, axis);
  const id = withDense(
    [
      [x, op, 'input'],
      [index, op, 'index'],
    ] as const,
    ([xd, indices]) => x.backend.gather(xd, indices, axis),
  );
  const out = record(op, [x], fromKernel(x.backend, id, index.shape, x.dtype), (dy) => [scatterAdd(zerosLike(x), axis, saved, dy)]);
  const saved = saveFor(out, index);
  return out;
}

/**
 * torch.scatter, out of place: a copy of x with src's elements written at index along dim
 * (where an index repeats, which write wins is up to the backend, as in PyTorch). src may be a
 * number, written everywhere index points.
 */
export function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | number): Tensor {
  if (typeof src !== 'number') return scatterOp('scatter', x, dim, index, src);
  const axis = checkIndexOp('scatter', x, dim, index);
  return composite(() => scatterOp('scatter', x, axis, index, full(index.shape, src, { dtype: x.dtype, backend: x.backend })));
}

/** torch.scatter_add, out of place: x with src's elements added at index along dim (repeats add up). */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  return scatterOp('scatterAdd', x, dim, index, src);
}

function scatterOp(op: 'scatter' | 'scatterAdd', x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const axis = checkIndexOp(op, x, dim, index, src);
  if (src.dtype !== x.dtype) throw new Error(`${op}: src has dtype ${src.dtype} but input has ${x.dtype} (expected equal)`);
  assertFitsOffAxis(op, index, x, axis);
  const tooBig = index.shape.findIndex((n, i) => n > (src.shape[i] ?? 0));
  if (src.ndim !== index.ndim || tooBig >= 0) {
    throw new Error(
      `${op}: index has shape ${formatShape(index.shape)} but src has ${formatShape(src.shape)} (expected src of rank ${index.ndim}, ` +
        `at least as large as index in every dimension)`,
    );
  }
  if (x.ndim === 0) return composite(() => reshape(scatterOp(op, reshape(x, [1]), 0, reshape(index, [1]), reshape(src, [1])), []));
  checkIndexRange(op, index, x.shape[axis]!, axis);
  return composite(() => {
    // Only src's leading block, of index's shape, is scattered: its other elements get gradient 0.
    let part = src;
    index.shape.forEach((n, i) => {
      if (part.shape[i] !== n) part = slice(part, i, 0, n);
    });
    const mode = op === 'scatter' ? 'replace' : 'add';
    const id = withDense(
      [
        [x, op, 'input'],
        [index, op, 'index'],
        [part, op, 'src'],
      ] as const,
      ([xd, indices, values]) => x.backend.scatter(xd, indices, values, axis, mode),
    );
    const out = record(op, [x, part], fromKernel(x.backend, id, x.shape, x.dtype), (dy) => [
      mode === 'add' ? dy : scatter(dy, axis, saved, 0),
      gather(dy, axis, saved),
    ]);
    const saved = saveFor(out, index);
    return out;
  });
}

/** torch.index_select: the slices of x at a 1-D int32 index along dim. */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const op = 'indexSelect';
  const axis = checkIndexOp(op, x, dim, index);
  assertVector(op, index);
  checkIndexRange(op, index, x.shape[axis] ?? 1, axis);
  // A 0-d input has one slice: torch returns it (a copy) for any in-range index.
  if (x.ndim === 0) return clone(x);
  const length = index.numel();
  const id = withDense(
    [
      [x, op, 'input'],
      [index, op, 'index'],
    ] as const,
    ([xd, indices]) => x.backend.indexSelect(xd, { ...indices, shape: [length] }, axis),
  );
  const shape = x.shape.map((d, i) => (i === axis ? length : d));
  const out = record(op, [x], fromKernel(x.backend, id, shape, x.dtype), (dy) => [indexAdd(zerosLike(x), axis, saved, dy)]);
  const saved = saveFor(out, index);
  return out;
}

/** torch.index_add, out of place: x plus alpha · source's slices added at a 1-D index along dim. */
export function indexAdd(x: Tensor, dim: number, index: Tensor, source: Tensor, opts: { alpha?: number } = {}): Tensor {
  const op = 'indexAdd';
  const axis = checkIndexOp(op, x, dim, index, source, 'source');
  assertVector(op, index);
  if (source.dtype !== x.dtype) throw new Error(`${op}: source has dtype ${source.dtype} but input has ${x.dtype} (expected equal)`);
  const length = index.numel();
  const expected = x.ndim === 0 ? [] : x.shape.map((d, i) => (i === axis ? length : d));
  if (!shapesEqual(source.shape, expected)) {
    throw new Error(
      `${op}: source has shape ${formatShape(source.shape)} but expected ${formatShape(expected)} ` +
        `(input's shape with index's length ${length} along dim ${axis})`,
    );
  }
  const alpha = opts.alpha ?? 1;
  if (x.ndim === 0) return composite(() => reshape(indexAdd(reshape(x, [1]), 0, reshape(index, [1]), reshape(source, [1]), opts), []));
  checkIndexRange(op, index, x.shape[axis]!, axis);
  return composite(() => {
    const scaled = alpha === 1 ? source : mul(source, alpha);
    const id = withDense(
      [
        [x, op, 'input'],
        [index, op, 'index'],
        [scaled, op, 'source'],
      ] as const,
      ([xd, indices, values]) => x.backend.indexAdd(xd, { ...indices, shape: [length] }, values, axis),
    );
    const out = record(op, [x, scaled], fromKernel(x.backend, id, x.shape, x.dtype), (dy) => [dy, indexSelect(dy, axis, saved)]);
    const saved = saveFor(out, index);
    return out;
  });
}

/**
 * torch.masked_fill, out of place: value where mask (int32, nonzero is true) is set, x elsewhere;
 * x and mask broadcast together. value is a number or a 0-d tensor, cast to x's dtype.
 */
export function maskedFill(x: Tensor, mask: Tensor, value: Tensor | number): Tensor {
  const op = 'maskedFill';
  assertSameBackend(op, [
    ['input', x],
    ['mask', mask],
    ['value', typeof value === 'number' ? null : value],
  ]);
  if (mask.dtype !== 'int32') {
    throw new Error(`${op}: mask must have dtype int32 but got ${mask.dtype}; masks are int32 0/1 (Stride has no bool dtype)`);
  }
  broadcastShapes(op, x.shape, mask.shape, ['input', 'mask']);
  if (typeof value !== 'number' && value.ndim !== 0) {
    throw new Error(`${op}: value must be a number or a 0-d tensor but got shape ${formatShape(value.shape)}`);
  }
  if (typeof value === 'number') return where(mask, x.dtype === 'int32' ? Math.trunc(value) : value, x);
  return composite(() => where(mask, value.dtype === x.dtype ? value : cast(value, x.dtype), x));
}

/** The checks every index op makes at its entry; returns the axis `dim` names. */
function checkIndexOp(op: string, x: Tensor, dim: number, index: Tensor, src?: Tensor, srcArg = 'src'): number {
  assertSameBackend(op, [
    ['input', x],
    ['index', index],
    [srcArg, src],
  ]);
  assertIndexDtype(op, index);
  return normalizeDim(op, dim, x.ndim);
}

function assertVector(op: string, index: Tensor): void {
  if (index.ndim > 1) throw new Error(`${op}: index must be 0-D or 1-D but got shape ${formatShape(index.shape)}`);
}
