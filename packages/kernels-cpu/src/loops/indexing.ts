import { contiguousStrides, sizeOf, type Dense, type OptionalKernels } from '@stride/core-tensor/backend';
import { store, uninitialized, valuesOf } from '../storage.js';
import { offsets } from './strided.js';

/**
 * gather, scatter(-add), index_select and index_add as loops over the index. The ops check
 * indices where they are read; the loops still read 0 for (or skip) an index out of range,
 * so a kernel called directly never touches memory outside its tensors.
 */
export function indexingKernels(): Pick<OptionalKernels, 'gather' | 'scatter' | 'indexSelect' | 'indexAdd'> {
  return {
    gather(x, index, axis) {
      const src = valuesOf(x.id);
      const idx = valuesOf(index.id);
      const { bases, step, n } = lines(x, index, axis);
      const out = uninitialized(x.dtype, idx.length);
      for (let i = 0; i < idx.length; i++) {
        const j = idx[i]!;
        out[i] = j >= 0 && j < n ? src[bases[i]! + j * step]! : 0;
      }
      return store(out);
    },
    scatter(x, index, values, axis, mode) {
      const out = copyOf(x);
      const idx = valuesOf(index.id);
      const src = valuesOf(values.id);
      const { bases, step, n } = lines(x, index, axis);
      for (let i = 0; i < idx.length; i++) {
        const j = idx[i]!;
        if (j < 0 || j >= n) continue;
        const at = bases[i]! + j * step;
        out[at] = mode === 'add' ? out[at]! + src[i]! : src[i]!;
      }
      return store(out);
    },
    indexSelect(x, index, axis) {
      const src = valuesOf(x.id);
      const idx = valuesOf(index.id);
      const { outer, n, inner } = around(x, axis);
      const m = idx.length;
      const out = uninitialized(x.dtype, outer * m * inner);
      for (let p = 0; p < outer; p++) {
        for (let k = 0; k < m; k++) {
          const j = idx[k]!;
          const to = (p * m + k) * inner;
          if (j >= 0 && j < n) out.set(src.subarray((p * n + j) * inner, (p * n + j + 1) * inner), to);
          else out.fill(0, to, to + inner);
        }
      }
      return store(out);
    },
    indexAdd(x, index, values, axis) {
      const out = copyOf(x);
      const idx = valuesOf(index.id);
      const src = valuesOf(values.id);
      const { outer, n, inner } = around(x, axis);
      const m = idx.length;
      for (let p = 0; p < outer; p++) {
        for (let k = 0; k < m; k++) {
          const j = idx[k]!;
          if (j < 0 || j >= n) continue;
          const to = (p * n + j) * inner;
          const from = (p * m + k) * inner;
          for (let q = 0; q < inner; q++) out[to + q] = out[to + q]! + src[from + q]!;
        }
      }
      return store(out);
    },
  };
}

/**
 * For each element of index (row-major), the offset in x of its line along `axis` (x's offsets
 * of index's coordinates with the axis coordinate 0), and the step along that line.
 */
function lines(x: Dense, index: Dense, axis: number) {
  const strides = contiguousStrides(x.shape);
  const bases = offsets(index.shape, { strides: strides.map((s, d) => (d === axis ? 0 : s)), offset: 0 });
  return { bases, step: strides[axis]!, n: x.shape[axis]! };
}

/** x as [outer, n, inner] around `axis`. */
function around(x: Dense, axis: number) {
  return { outer: sizeOf(x.shape.slice(0, axis)), n: x.shape[axis]!, inner: sizeOf(x.shape.slice(axis + 1)) };
}

function copyOf(x: Dense) {
  const src = valuesOf(x.id);
  const out = uninitialized(x.dtype, src.length);
  out.set(src);
  return out;
}
