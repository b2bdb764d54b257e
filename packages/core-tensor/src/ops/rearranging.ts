import type { Tensor } from '../tensor.js';
import { formatShape, normalizeDim } from '../shape.js';
import { record } from '../autograd/record.js';
import { composite } from '../autograd/composite.js';
import { assertPositiveInts } from './checks.js';
import { fromKernel } from './create-tensor.js';
import { cat, clone, expand, flatten, reshape, slice } from './shape-ops.js';
import { checkAllocatable } from '../shape-checks.js';

/** torch.flip: reverses the order of elements along each of `dims` (a copy). */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  const axes = distinctDims('flip', x, dims);
  // One strided copy of a view that walks the flipped dims backwards.
  const v = x.asView('flip');
  const strides = [...v.strides];
  let offset = v.offset;
  for (const a of axes) {
    if (!x.shape[a]) continue;
    offset += (x.shape[a]! - 1) * strides[a]!;
    strides[a] = -strides[a]!;
  }
  const out = fromKernel(x.backend, x.backend.copy({ ...v, strides, offset }), x.shape, x.dtype);
  return record('flip', [x], out, (dy) => [flip(dy, axes)]);
}

/**
 * torch.roll: shifts elements along each of `dims` by its shift, wrapping around the end. Without
 * dims, the flattened tensor rolls by the one shift and keeps its shape.
 */
export function roll(x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
  const shiftList = typeof shifts === 'number' ? [shifts] : [...shifts];
  assertIntegers('roll', 'shifts', shiftList);
  if (dims === undefined) {
    if (shiftList.length !== 1) {
      throw new Error(`roll: shifts ${formatShape(shiftList)} has ${shiftList.length} entries but no dims were given (expected 1 shift)`);
    }
    return composite(() => reshape(roll(flatten(x), shiftList[0]!, 0), x.shape));
  }
  const dimList = typeof dims === 'number' ? [dims] : [...dims];
  if (dimList.length !== shiftList.length) {
    throw new Error(
      `roll: shifts ${formatShape(shiftList)} has ${shiftList.length} entries but dims ${formatShape(dimList)} has ` +
        `${dimList.length} (expected one shift per dim)`,
    );
  }
  const axes = dimList.map((d) => normalizeDim('roll', d, x.ndim, 'dims'));
  x.storage('roll');
  return composite(() => {
    let y = x;
    axes.forEach((a, i) => {
      const n = x.shape[a] ?? 0;
      const k = n === 0 ? 0 : ((shiftList[i]! % n) + n) % n;
      if (k !== 0) y = cat([slice(y, a, n - k), slice(y, a, 0, n - k)], a);
    });
    return y === x ? clone(x) : y;
  });
}

/** torch.Tensor.repeat: tiles x `sizes[i]` times along dim i; extra leading sizes add new dims. */
export function repeat(x: Tensor, sizes: readonly number[]): Tensor {
  if (sizes.length < x.ndim) {
    throw new Error(
      `repeat: sizes ${formatShape(sizes)} has ${sizes.length} entries but input has shape ${formatShape(x.shape)} ` +
        `(expected at least ${x.ndim})`,
    );
  }
  assertPositiveInts('repeat', 'sizes', sizes, true);
  x.storage('repeat');
  const shape = [...new Array<number>(sizes.length - x.ndim).fill(1), ...x.shape];
  checkAllocatable(
    'repeat',
    shape.map((d, i) => d * sizes[i]!),
    x.dtype,
    x.backend,
  );
  // [1, d0, 1, d1, …] expanded to [r0, d0, r1, d1, …] is the tiling; one copy makes it dense.
  return composite(() => {
    const spread = reshape(
      x,
      shape.flatMap((d) => [1, d]),
    );
    const tiled = expand(
      spread,
      shape.flatMap((d, i) => [sizes[i]!, d]),
    );
    return reshape(
      tiled,
      shape.map((d, i) => d * sizes[i]!),
    );
  });
}

/** Normalised dims of `x`, each at most once (torch's rule for flip). */
function distinctDims(op: string, x: Tensor, dims: number | readonly number[]): number[] {
  const list = typeof dims === 'number' ? [dims] : [...dims];
  const axes = list.map((d) => normalizeDim(op, d, x.ndim, 'dims'));
  const repeated = axes.findIndex((a, i) => axes.indexOf(a) !== i);
  if (repeated >= 0) {
    throw new Error(`${op}: dims ${formatShape(list)} name dimension ${axes[repeated]} more than once (expected distinct dims)`);
  }
  return axes;
}

function assertIntegers(op: string, arg: string, values: readonly number[]): void {
  const bad = values.find((v) => !Number.isInteger(v));
  if (bad !== undefined) throw new Error(`${op}: ${arg} must be integers but got ${formatShape(values)}`);
}
