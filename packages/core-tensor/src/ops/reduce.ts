import type { ArgReduceOp, ReduceOp } from '../backend/backend.js';
import { isFloating } from '../dtype.js';
import { normalizeDim, shapesEqual, type Shape } from '../shape.js';
import { record } from '../autograd/record.js';
import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { fromKernel } from './create-tensor.js';
import { expand, reshape } from './shape-ops.js';
import { compare, div, mul, sub, square } from './elementwise.js';
import { arange } from './creation.js';

type Dims = number | readonly number[] | undefined;

/** The sorted axes `dim` names (every axis when undefined), each once. */
export function reduceAxes(op: string, x: Tensor, dim: Dims): number[] {
  if (dim === undefined) return x.shape.map((_, i) => i);
  const dims = typeof dim === 'number' ? [dim] : [...dim];
  const axes = dims.map((d) => normalizeDim(op, d, x.ndim));
  if (new Set(axes).size !== axes.length) throw new Error(`${op}: dim ${JSON.stringify(dim)} repeats a dimension`);
  return axes.sort((a, b) => a - b);
}

/** The kernel's keepdim output, reshaped to drop reduced axes unless `keepdim`. */
function reduceKernel(op: ReduceOp, x: Tensor, axes: number[], keepdim: boolean): Tensor {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const raw = fromKernel(x.backend, x.backend.reduce(op, x.asView(op), axes), kept, x.dtype);
  if (keepdim || x.ndim === 0) return raw;
  const out = reshape(
    raw,
    x.shape.filter((_, i) => !axes.includes(i)),
  );
  raw.dispose();
  return out;
}

/** Broadcasts a reduced gradient back over the reduced axes. */
function expandBack(dy: Tensor, shape: Shape, axes: number[]): Tensor {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return expand(reshape(dy, kept), [...shape]);
}

export function sum(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const axes = reduceAxes('sum', x, dim);
  return record('sum', [x], reduceKernel('sum', x, axes, keepdim), (dy) => [expandBack(dy, x.shape, axes)]);
}

export function mean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  if (!isFloating(x.dtype)) throw new Error(`mean: input must be floating point but got ${x.dtype}; cast with .float() first`);
  const axes = reduceAxes('mean', x, dim);
  const count = axes.reduce((n, a) => n * x.shape[a]!, 1);
  return composite(() => div(sum(x, axes, keepdim), count));
}

/**
 * max/min. Over everything, the gradient is shared evenly among tied extremes (torch.max());
 * along `dim` it goes to the index argmax reports (torch.max(dim)).
 */
export function extreme(op: 'max' | 'min', x: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  if (x.numel() === 0) throw new Error(`${op}: input is empty (shape [${x.shape.join(', ')}]); the ${op} of no elements is undefined`);
  const axes = reduceAxes(op, x, dim);
  const out = reduceKernel(op, x, axes, keepdim);
  return record(op, [x], out, (dy) => {
    if (dim === undefined) {
      const hits = compare('eq', x, expandBack(out, x.shape, axes));
      const shared = div(hits, sum(hits));
      return [mul(shared, expandBack(dy, x.shape, axes))];
    }
    const axis = axes[0]!;
    const index = argReduce(op === 'max' ? 'argmax' : 'argmin', x, axis, true);
    const positions = reshape(
      arange(x.shape[axis]!, { dtype: 'int32', backend: x.backend }),
      x.shape.map((d, i) => (i === axis ? d : 1)),
    );
    return [mul(compare('eq', positions, index), expandBack(dy, x.shape, axes))];
  });
}

export function argReduce(op: ArgReduceOp, x: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  if (dim === undefined) {
    const flat = reshape(x, [-1]);
    const out = argReduce(op, flat, 0, false);
    flat.dispose();
    return out;
  }
  const axis = normalizeDim(op, dim, x.ndim);
  const kept = x.shape.map((d, i) => (i === axis ? 1 : d));
  const raw = fromKernel(x.backend, x.backend.argReduce(op, x.asView(op), axis), kept, 'int32');
  if (keepdim) return raw;
  const out = reshape(
    raw,
    x.shape.filter((_, i) => i !== axis),
  );
  raw.dispose();
  return out;
}

export function variance(x: Tensor, dim: Dims, opts: { correction?: number; keepdim?: boolean }): Tensor {
  const axes = reduceAxes('var', x, dim);
  const count = axes.reduce((n, a) => n * x.shape[a]!, 1);
  const correction = opts.correction ?? 1;
  return composite(() => {
    const centered = sub(x, mean(x, axes, true));
    return div(sum(square(centered), axes, opts.keepdim ?? false), Math.max(count - correction, 0));
  });
}

/** Sums a broadcast gradient back down to `shape` (the inverse of broadcasting). */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const axes = g.shape.map((_, i) => i).filter((i) => i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1));
  const reduced = axes.length > 0 ? sum(g, axes, true) : g;
  return reshape(reduced, [...shape]);
}

/** Adds two gradients (no graph). */
export function accumulate(a: Tensor, b: Tensor): Tensor {
  const sumKernel = a.backend.binary('add', a.asView('backward'), b.asView('backward'), a.dtype);
  return fromKernel(a.backend, sumKernel, a.shape, a.dtype);
}
