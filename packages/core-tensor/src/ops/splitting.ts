import type { Tensor } from '../tensor.js';
import { formatShape, normalizeDim } from '../shape.js';
import { slice } from './shape-ops.js';

/**
 * torch.split: views of x along dim, each `sizeOrSections` long (the last may be shorter), or
 * one per entry of a list of lengths that sum to the dimension's size.
 */
export function split(x: Tensor, sizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  const axis = splitAxis('split', x, dim);
  const n = x.shape[axis]!;
  if (typeof sizeOrSections !== 'number') {
    const sections = [...sizeOrSections];
    const total = sections.reduce((s, v) => s + v, 0);
    if (sections.some((v) => !Number.isInteger(v) || v < 0) || total !== n) {
      throw new Error(
        `split: sections ${formatShape(sections)} must be non-negative integers that sum to ${n}, the size of dimension ${dim} ` +
          `(they sum to ${total})`,
      );
    }
    return slices(x, axis, sections);
  }
  const size = sizeOrSections;
  if (!Number.isInteger(size) || size < 0) throw new Error(`split: split size must be a non-negative integer but got ${size}`);
  if (size === 0 && n !== 0) {
    throw new Error(
      `split: split size is 0 but dimension ${dim} has size ${n} (expected a positive size; 0 splits only an empty dimension)`,
    );
  }
  const count = size === 0 ? 1 : Math.max(Math.ceil(n / size), 1);
  return slices(
    x,
    axis,
    Array.from({ length: count }, (_, i) => Math.min(size, n - i * size)),
  );
}

/** torch.chunk: at most `chunks` views of equal length ⌈size / chunks⌉ along dim, the last maybe shorter. */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  const axis = splitAxis('chunk', x, dim);
  if (!Number.isInteger(chunks) || chunks < 1) throw new Error(`chunk: chunks must be a positive integer but got ${chunks}`);
  const n = x.shape[axis]!;
  // torch: an empty dimension gives `chunks` empty views.
  if (n === 0) return slices(x, axis, new Array<number>(chunks).fill(0));
  return split(x, Math.ceil(n / chunks), axis);
}

function splitAxis(op: string, x: Tensor, dim: number): number {
  x.storage(op);
  if (x.ndim === 0) throw new Error(`${op}: input is 0-d (expected a tensor with at least one dimension)`);
  return normalizeDim(op, dim, x.ndim);
}

function slices(x: Tensor, axis: number, lengths: readonly number[]): Tensor[] {
  let at = 0;
  return lengths.map((length) => slice(x, axis, at, (at += length)));
}
