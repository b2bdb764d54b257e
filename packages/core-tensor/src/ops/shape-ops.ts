import type { Backend } from '../backend/backend.js';
import type { DType } from '../dtype.js';
import { isFloating, promoteTypes } from '../dtype.js';
import { contiguousStrides, formatShape, normalizeDim, sizeOf, shapesEqual, type Shape } from '../shape.js';
import { record } from '../autograd/record.js';
import { composite } from '../autograd/composite.js';
import type { Tensor } from '../tensor.js';
import { fromKernel, viewOf } from './create-tensor.js';
import { sumTo } from './reduce.js';
import { assertSameBackend } from './checks.js';

/** Resolves one -1 entry and checks the element count, as torch.reshape does. */
function inferShape(op: string, x: Tensor, shape: readonly number[]): number[] {
  const out = [...shape];
  out.forEach((d, i) => {
    if (!Number.isInteger(d) || d < -1)
      throw new Error(`${op}: shape ${formatShape(shape)} has dimension ${i} = ${d} (expected a non-negative integer, or -1 once)`);
  });
  const free = out.indexOf(-1);
  const known = out.reduce((n, d, i) => (i === free ? n : n * d), 1);
  if (free >= 0) {
    if (out.indexOf(-1, free + 1) >= 0) throw new Error(`${op}: only one dimension can be -1 but got ${formatShape(shape)}`);
    out[free] = known === 0 ? 0 : x.numel() / known;
  }
  if (!Number.isInteger(out[free] ?? 0) || sizeOf(out) !== x.numel() || out.some((d) => d < 0)) {
    throw new Error(`${op}: shape ${formatShape(shape)} is invalid for input of size ${x.numel()} (shape ${formatShape(x.shape)})`);
  }
  return out;
}

/** Strides that express `shape` over `x`'s memory without a copy, or null if none exist. */
function viewStrides(x: Tensor, shape: readonly number[]): number[] | null {
  if (x.isContiguous || isDenseLayout(x)) return contiguousStrides(shape);
  return null;
}

function isDenseLayout(x: Tensor): boolean {
  const s = contiguousStrides(x.shape);
  return x.shape.every((d, i) => d === 1 || s[i] === x.strides[i]);
}

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape('reshape', x, shape);
  const strides = viewStrides(x, target);
  let out: Tensor;
  if (strides) {
    out = viewOf(x, target, strides, x.offset, 'reshape');
  } else {
    const dense = fromKernel(x.backend, x.backend.copy(x.asView('reshape')), x.shape, x.dtype);
    out = viewOf(dense, target, contiguousStrides(target), 0, 'reshape');
    dense.dispose();
  }
  return record('reshape', [x], out, (dy) => [reshape(dy, x.shape)]);
}

export function view(x: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape('view', x, shape);
  if (!viewStrides(x, target)) {
    throw new Error(
      `view: input of shape ${formatShape(x.shape)} is not contiguous, so it cannot be viewed as ${formatShape(target)}; use reshape() or contiguous() first`,
    );
  }
  return reshape(x, target);
}

export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeDim('flatten', startDim, x.ndim, 'startDim');
  const e = normalizeDim('flatten', endDim, x.ndim, 'endDim');
  if (s > e) throw new Error(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const merged = x.shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
  return reshape(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
}

export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined)
    return reshape(
      x,
      x.shape.filter((d) => d !== 1),
    );
  const d = normalizeDim('squeeze', dim, x.ndim);
  return x.shape[d] === 1
    ? reshape(
        x,
        x.shape.filter((_, i) => i !== d),
      )
    : reshape(x, x.shape);
}

export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim('unsqueeze', dim, x.ndim + 1);
  const shape = [...x.shape];
  shape.splice(d, 0, 1);
  return reshape(x, shape);
}

export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const order = dims.map((d) => normalizeDim('permute', d, x.ndim, 'dims'));
  if (order.length !== x.ndim || new Set(order).size !== order.length) {
    throw new Error(
      `permute: dims ${formatShape(dims)} must be a permutation of the ${x.ndim} dimensions of input ${formatShape(x.shape)}`,
    );
  }
  const out = viewOf(
    x,
    order.map((i) => x.shape[i]!),
    order.map((i) => x.strides[i]!),
    x.offset,
    'permute',
  );
  const inverse = order.map((_, i) => order.indexOf(i));
  return record('permute', [x], out, (dy) => [permute(dy, inverse)]);
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const order = x.shape.map((_, i) => i);
  const a = normalizeDim('transpose', dim0, x.ndim, 'dim0');
  const b = normalizeDim('transpose', dim1, x.ndim, 'dim1');
  [order[a], order[b]] = [order[b]!, order[a]!];
  return permute(x, order);
}

/** Broadcasts to `shape` without copying (-1 keeps a size), as torch.expand. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.ndim;
  if (lead < 0) throw new Error(`expand: target ${formatShape(shape)} has fewer dimensions than input ${formatShape(x.shape)}`);
  shape.forEach((d, i) => {
    if (!Number.isInteger(d) || d < (i >= lead ? -1 : 0)) {
      const allowed =
        i >= lead ? 'a non-negative integer, or -1 to keep the size' : 'a non-negative integer (-1 only for existing dimensions)';
      throw new Error(`expand: target ${formatShape(shape)} has dimension ${i} = ${d} (expected ${allowed})`);
    }
  });
  const target = shape.map((d, i) => (d === -1 && i >= lead ? x.shape[i - lead]! : d));
  const strides = target.map((d, i) => {
    const j = i - lead;
    if (j < 0) return 0;
    if (x.shape[j] === d) return x.strides[j]!;
    if (x.shape[j] === 1) return 0;
    throw new Error(
      `expand: input ${formatShape(x.shape)} cannot expand to ${formatShape(shape)}: dimension ${i} is ${x.shape[j]} (expected 1 or ${d})`,
    );
  });
  const out = viewOf(x, target, strides, x.offset, 'expand');
  return record('expand', [x], out, (dy) => [sumTo(dy, x.shape)]);
}

/** Elements start, start+step, … < end along `dim` (Python slice rules for negatives), as a view. */
export function slice(x: Tensor, dim: number, start = 0, end?: number, step = 1): Tensor {
  const d = normalizeDim('slice', dim, x.ndim);
  const n = x.shape[d]!;
  if (!Number.isInteger(step) || step < 1) throw new Error(`slice: step must be a positive integer but got ${step}`);
  const clampIndex = (i: number) => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
  const s = clampIndex(start);
  const e = Math.max(clampIndex(end ?? n), s);
  const len = Math.ceil((e - s) / step);
  const shape = x.shape.map((v, i) => (i === d ? len : v));
  const strides = x.strides.map((v, i) => (i === d ? v * step : v));
  const out = viewOf(x, shape, strides, x.offset + s * x.strides[d]!, 'slice');
  return record('slice', [x], out, (dy) => [sliceBackward(dy, x.shape, d, s, step)]);
}

function sliceBackward(dy: Tensor, shape: Shape, dim: number, start: number, step: number): Tensor {
  if (step === 1) {
    const pads = shape.map((n, i): [number, number] => (i === dim ? [start, n - start - dy.shape[dim]!] : [0, 0]));
    return constantPad(dy, pads, 0);
  }
  // Strided slices scatter through a zero-filled buffer laid out as [.., len, step, ..].
  const len = dy.shape[dim]!;
  const spread = constantPad(
    unsqueeze(dy, dim + 1),
    dy.shape
      .map(() => [0, 0] as [number, number])
      .concat([[0, 0]])
      .map((p, i) => (i === dim + 1 ? [0, step - 1] : p)),
    0,
  );
  const merged = reshape(spread, [...dy.shape.slice(0, dim), len * step, ...dy.shape.slice(dim + 1)]);
  // x[::2] of an even length: the spread already has x's shape, and padding by nothing would copy it.
  if (start === 0 && len * step === shape[dim]) return merged;
  const pads = shape.map((n, i): [number, number] => (i === dim ? [start, Math.max(0, n - start - len * step)] : [0, 0]));
  const padded = constantPad(merged, pads, 0);
  return slice(padded, dim, 0, shape[dim]);
}

/**
 * Constant padding by (before, after) per dimension; a negative pad crops, as in
 * torch.nn.functional.pad. F.pad (functional/pad.ts) checks a user's pads and calls this.
 */
export function constantPad(x: Tensor, pads: readonly (readonly [number, number])[], value = 0): Tensor {
  if (pads.length !== x.ndim)
    throw new Error(`pad: got ${pads.length} (before, after) pairs for an input of rank ${x.ndim} (expected ${x.ndim})`);
  const shape = x.shape.map((d, i) => d + pads[i]![0] + pads[i]![1]);
  const c = contiguous(x);
  const out = fromKernel(
    x.backend,
    x.backend.pad({ id: c.storage('pad').id, shape: x.shape, dtype: x.dtype }, pads, value),
    shape,
    x.dtype,
  );
  if (c !== x) c.dispose();
  // The adjoint of padding is the opposite crop (and of cropping, zero padding): the same op.
  const back = pads.map(([before, after]): [number, number] => [-before, -after]);
  return record('pad', [x], out, (dy) => [constantPad(dy, back, 0)]);
}

/** A dense copy, or `x` itself when it is already dense (unless `copy`). */
export function contiguous(x: Tensor, copy = false): Tensor {
  if (x.isContiguous && !copy) return x;
  const out = fromKernel(x.backend, x.backend.copy(x.asView('contiguous')), x.shape, x.dtype);
  return record('contiguous', [x], out, (dy) => [dy]);
}

export function clone(x: Tensor): Tensor {
  return contiguous(x, true);
}

export function cast(x: Tensor, dtype: DType): Tensor {
  if (!x.backend.capabilities.dtypes.includes(dtype)) {
    throw new Error(
      `cast: backend '${x.backend.name}' does not support dtype ${dtype} (it supports ${x.backend.capabilities.dtypes.join(', ')})`,
    );
  }
  const out = fromKernel(x.backend, x.backend.cast(x.asView('cast'), dtype), x.shape, dtype);
  if (!isFloating(dtype)) return out;
  return record('cast', [x], out, (dy) => [isFloating(x.dtype) ? cast(dy, x.dtype) : null]);
}

export function detach(x: Tensor): Tensor {
  return viewOf(x, x.shape, x.strides, x.offset, 'detach');
}

/** A copy on another backend (through host memory), keeping the graph for gradients. */
export function toBackend(x: Tensor, b: Backend): Tensor {
  if (b === x.backend) return x;
  if (!x.backend.readSync) {
    throw new Error(`to: backend '${x.backend.name}' cannot read synchronously; use await toAsync(tensor, backend)`);
  }
  const c = contiguous(x);
  const values = x.backend.readSync(c.storage('to').id);
  if (c !== x) c.dispose();
  const out = fromKernel(b, b.write(values.slice()), x.shape, x.dtype);
  return record('to', [x], out, (dy) => [toBackend(dy, x.backend)]);
}

/** Joins tensors along an existing dimension. */
export function cat(xs: readonly Tensor[], dim = 0): Tensor {
  if (xs.length === 0) throw new Error('cat: expected a non-empty list of tensors');
  const first = xs[0]!;
  assertSameBackend(
    'cat',
    xs.map((t, i) => [`tensors[${i}]`, t] as const),
  );
  if (first.ndim === 0)
    throw new Error('cat: tensors[0] is 0-d (expected tensors with at least one dimension; use stack to join 0-d tensors)');
  const d = normalizeDim('cat', dim, first.ndim);
  xs.forEach((t, i) => {
    if (t.ndim !== first.ndim || t.shape.some((n, j) => j !== d && n !== first.shape[j])) {
      throw new Error(
        `cat: tensors[${i}] has shape ${formatShape(t.shape)} but tensors[0] has ${formatShape(first.shape)}; all must match except in dimension ${d}`,
      );
    }
  });
  // Mixed dtypes promote, as torch.cat does since 1.10.
  const dtype = xs.map((t) => t.dtype).reduce(promoteTypes);
  if (xs.some((t) => t.dtype !== dtype))
    return composite(() =>
      cat(
        xs.map((t) => (t.dtype === dtype ? t : cast(t, dtype))),
        d,
      ),
    );
  const dense = xs.map((t) => contiguous(t));
  const id = first.backend.concat(
    dense.map((t) => ({ id: t.storage('cat').id, shape: t.shape, dtype: t.dtype })),
    d,
  );
  dense.forEach((t, i) => t !== xs[i] && t.dispose());
  const shape = first.shape.map((n, j) => (j === d ? xs.reduce((s, t) => s + t.shape[d]!, 0) : n));
  const out = fromKernel(first.backend, id, shape, first.dtype);
  return record('cat', xs, out, (dy) => {
    let at = 0;
    return xs.map((t) => slice(dy, d, at, (at += t.shape[d]!)));
  });
}

export function stack(xs: readonly Tensor[], dim = 0): Tensor {
  if (xs.length === 0) throw new Error('stack: expected a non-empty list of tensors');
  assertSameBackend(
    'stack',
    xs.map((t, i) => [`tensors[${i}]`, t] as const),
  );
  const d = normalizeDim('stack', dim, xs[0]!.ndim + 1);
  xs.forEach((t, i) => {
    if (!shapesEqual(t.shape, xs[0]!.shape))
      throw new Error(
        `stack: tensors[${i}] has shape ${formatShape(t.shape)} but tensors[0] has ${formatShape(xs[0]!.shape)} (expected equal)`,
      );
  });
  return composite(() =>
    cat(
      xs.map((t) => unsqueeze(t, d)),
      d,
    ),
  );
}
