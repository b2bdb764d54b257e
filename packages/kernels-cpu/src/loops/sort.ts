import { sizeOf, type Dense, type OptionalKernels, type SortResult } from '@stride/core-tensor/backend';
import { store, uninitialized, valuesOf } from '../storage.js';

/**
 * sort and topk: each line along the axis is copied out, its positions sorted by a comparator
 * that puts NaN above every number and breaks ties by position (so the sort is stable in both
 * directions), and the first `len` written back.
 */
export function sortKernels(): Pick<OptionalKernels, 'sort' | 'topk'> {
  return {
    sort: (x, axis, descending) => sortedPrefix(x, axis, descending, x.shape[axis]!),
    topk: (x, k, axis, largest) => sortedPrefix(x, axis, largest, k),
  };
}

function sortedPrefix(x: Dense, axis: number, descending: boolean, len: number): SortResult {
  const src = valuesOf(x.id);
  const n = x.shape[axis]!;
  const outer = sizeOf(x.shape.slice(0, axis));
  const inner = sizeOf(x.shape.slice(axis + 1));
  const values = uninitialized(x.dtype, outer * len * inner);
  const indices = uninitialized('int32', outer * len * inner);
  const line = new Float64Array(n);
  const order = new Int32Array(n);
  const sign = descending ? -1 : 1;
  // NaN compares above every number; equal values (NaN with NaN) keep their order.
  const compare = (a: number, b: number): number => {
    const va = line[a]!;
    const vb = line[b]!;
    const nanA = Number.isNaN(va);
    const nanB = Number.isNaN(vb);
    if (nanA || nanB) return nanA === nanB ? a - b : (nanA ? 1 : -1) * sign;
    return va === vb ? a - b : (va < vb ? -1 : 1) * sign;
  };
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const from = o * n * inner + i;
      for (let j = 0; j < n; j++) {
        line[j] = src[from + j * inner]!;
        order[j] = j;
      }
      order.sort(compare);
      const to = o * len * inner + i;
      for (let t = 0; t < len; t++) {
        values[to + t * inner] = line[order[t]!]!;
        indices[to + t * inner] = order[t]!;
      }
    }
  }
  return { values: store(values), indices: store(indices) };
}
