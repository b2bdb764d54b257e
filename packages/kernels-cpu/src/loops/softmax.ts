import { sizeOf, type Dense, type OptionalKernels } from '@stride/core-tensor/backend';
import { store, uninitialized, valuesOf } from '../storage.js';

export function softmaxKernels(): Pick<OptionalKernels, 'softmax' | 'logSoftmax'> {
  return {
    softmax: (x, axis) => alongAxis(x, axis, (shifted, sum) => Math.exp(shifted) / sum),
    logSoftmax: (x, axis) => alongAxis(x, axis, (shifted, sum) => shifted - Math.log(sum)),
  };
}

/**
 * For every line along `axis`, shifts by the line's maximum so exp cannot overflow, then
 * writes f(x − max, Σ exp(x − max)) for each element.
 */
function alongAxis(x: Dense, axis: number, f: (shifted: number, sum: number) => number) {
  const src = valuesOf(x.id);
  const out = uninitialized(x.dtype, src.length);
  const n = x.shape[axis]!;
  const inner = sizeOf(x.shape.slice(axis + 1));
  const outer = sizeOf(x.shape.slice(0, axis));
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = o * n * inner + i;
      let max = -Infinity;
      for (let j = 0; j < n; j++) max = Math.max(max, src[at + j * inner]!);
      let sum = 0;
      for (let j = 0; j < n; j++) sum += Math.exp(src[at + j * inner]! - max);
      for (let j = 0; j < n; j++) out[at + j * inner] = f(src[at + j * inner]! - max, sum);
    }
  }
  return store(out);
}
