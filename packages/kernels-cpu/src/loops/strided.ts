import type { Shape } from '@stride/core-tensor';
import { sizeOf } from '@stride/core-tensor/backend';

/** Where a view's elements sit in its buffer: what `View` adds to a shape. */
export interface Strided {
  readonly strides: readonly number[];
  readonly offset: number;
}

/**
 * A walk over `shape` in row-major order for several operands at once, one innermost row at a
 * time. Dims every operand steps through uniformly are merged first, so a contiguous view is a
 * single row (the fast path) and anything else is an odometer over the outer dims.
 */
export interface Rows {
  /** Elements in each row. */
  readonly length: number;
  /** Per operand, the buffer step between neighbours in a row. */
  readonly steps: readonly number[];
  /** Calls `visit` per row with its first element's row-major index and each operand's offset of it. */
  forEach(visit: (start: number, bases: readonly number[]) => void): void;
}

export function rows(shape: Shape, operands: readonly Strided[]): Rows {
  const { dims, strides } = mergeDims(shape, operands);
  const rank = dims.length;
  const length = rank === 0 ? 1 : dims[rank - 1]!;
  const steps = operands.map((_, k) => (rank === 0 ? 0 : strides[k]![rank - 1]!));
  const empty = shape.some((d) => d === 0);
  return {
    length,
    steps,
    forEach(visit) {
      if (empty) return;
      const bases = operands.map((o) => o.offset);
      const counter = new Array<number>(Math.max(rank - 1, 0)).fill(0);
      for (let start = 0; ; start += length) {
        visit(start, bases);
        // Odometer over the outer dims: bump the innermost one that has room, reset those after it.
        let d = rank - 2;
        for (; d >= 0; d--) {
          if (++counter[d]! < dims[d]!) {
            for (let k = 0; k < bases.length; k++) bases[k]! += strides[k]![d]!;
            break;
          }
          counter[d] = 0;
          for (let k = 0; k < bases.length; k++) bases[k]! -= strides[k]![d]! * (dims[d]! - 1);
        }
        if (d < 0) return;
      }
    },
  };
}

/** Buffer offsets of every element of a strided layout, in row-major order. */
export function offsets(shape: Shape, layout: Strided): Int32Array {
  const r = rows(shape, [layout]);
  const out = new Int32Array(sizeOf(shape));
  const step = r.steps[0]!;
  r.forEach((start, [base]) => {
    for (let j = 0; j < r.length; j++) out[start + j] = base! + j * step;
  });
  return out;
}

/** Drops size-1 dims and merges neighbours that every operand walks as one longer dim. */
function mergeDims(shape: Shape, operands: readonly Strided[]) {
  const dims: number[] = [];
  const strides: number[][] = operands.map(() => []);
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1) continue;
    const last = dims.length - 1;
    const mergeable = last >= 0 && operands.every((o, k) => strides[k]![last] === o.strides[i]! * shape[i]!);
    if (mergeable) {
      dims[last]! *= shape[i]!;
      operands.forEach((o, k) => (strides[k]![last] = o.strides[i]!));
    } else {
      dims.push(shape[i]!);
      operands.forEach((o, k) => strides[k]!.push(o.strides[i]!));
    }
  }
  return { dims, strides };
}
