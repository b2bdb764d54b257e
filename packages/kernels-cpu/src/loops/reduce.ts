import type { ArgReduceOp, ReduceOp, RequiredKernels, View } from '@stride/core-tensor/backend';
import { store, uninitialized, valuesOf } from '../storage.js';
import { offsets, rows } from './strided.js';

interface Fold {
  readonly init: number;
  readonly step: (acc: number, v: number) => number;
}

// Math.max/min propagate NaN, as PyTorch's max/min reductions do; sums accumulate in double.
const folds: Record<ReduceOp, Fold> = {
  sum: { init: 0, step: (acc, v) => acc + v },
  prod: { init: 1, step: (acc, v) => acc * v },
  max: { init: -Infinity, step: Math.max },
  min: { init: Infinity, step: Math.min },
};

export function reduceKernels(): Pick<RequiredKernels, 'reduce' | 'argReduce'> {
  return {
    reduce(op, x, axes) {
      if (x.dtype === 'float32' && (op === 'sum' || op === 'max')) return store(reduceF32(op, x, axes));
      const { outer, inner } = split(x, axes);
      const src = valuesOf(x.id);
      const out = uninitialized(x.dtype, outer.length);
      const { init, step } = folds[op];
      for (let o = 0; o < outer.length; o++) {
        const base = outer[o]!;
        let acc = init;
        for (let i = 0; i < inner.length; i++) acc = step(acc, src[base + inner[i]!]!);
        out[o] = acc;
      }
      return store(out);
    },
    argReduce(op, x, axis) {
      const { outer, inner } = split(x, [axis]);
      const src = valuesOf(x.id);
      const out = new Int32Array(outer.length);
      for (let o = 0; o < outer.length; o++) out[o] = firstExtreme(op, src, outer[o]!, inner);
      return store(out);
    },
  };
}

/**
 * float32 sum and max with a loop each (a fold calling `step` per element goes polymorphic
 * across ops and dtypes), walking the reduced elements as contiguous runs instead of a table of
 * every offset. Same order and double accumulator as the general path, so the same bits.
 */
function reduceF32(op: 'sum' | 'max', x: View, axes: readonly number[]): Float32Array {
  const src = valuesOf(x.id) as Float32Array;
  const kept = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const folded = x.shape.map((_, d) => d).filter((d) => axes.includes(d));
  const outer = offsets(
    kept.map((d) => x.shape[d]!),
    { strides: kept.map((d) => x.strides[d]!), offset: x.offset },
  );
  const foldedView = { strides: folded.map((d) => x.strides[d]!), offset: 0 };
  const walk = rows(
    folded.map((d) => x.shape[d]!),
    [foldedView],
  );
  const runStarts: number[] = [];
  walk.forEach((_, [base]) => void runStarts.push(base!));
  const out = uninitialized('float32', outer.length) as Float32Array;
  const [n, step] = [walk.length, walk.steps[0]!];
  for (let o = 0; o < outer.length; o++)
    out[o] = op === 'sum' ? sumRuns(src, outer[o]!, runStarts, n, step) : maxRuns(src, outer[o]!, runStarts, n, step);
  return out;
}

function sumRuns(src: Float32Array, base: number, runStarts: readonly number[], n: number, step: number): number {
  let acc = 0;
  for (const start of runStarts) {
    const at = base + start;
    for (let j = 0; j < n; j++) acc += src[at + j * step]!;
  }
  return acc;
}

// Math.max propagates NaN, as PyTorch's max reduction does.
function maxRuns(src: Float32Array, base: number, runStarts: readonly number[], n: number, step: number): number {
  let acc = -Infinity;
  for (const start of runStarts) {
    const at = base + start;
    for (let j = 0; j < n; j++) acc = Math.max(acc, src[at + j * step]!);
  }
  return acc;
}

/**
 * Offsets of each output's first element (kept dims, row-major) and of the reduced elements
 * relative to it, so out[o] folds src[outer[o] + inner[i]] over i.
 */
function split(x: View, axes: readonly number[]) {
  const reduced = x.shape.map((_, d) => axes.includes(d));
  const dims = (ofReduced: boolean) => ({
    shape: x.shape.filter((_, d) => reduced[d] === ofReduced),
    strides: x.strides.filter((_, d) => reduced[d] === ofReduced),
  });
  const kept = dims(false);
  const folded = dims(true);
  return {
    outer: offsets(kept.shape, { strides: kept.strides, offset: x.offset }),
    inner: offsets(folded.shape, { strides: folded.strides, offset: 0 }),
  };
}

/** Index of the first maximum (minimum); the first NaN wins, as in PyTorch. */
function firstExtreme(op: ArgReduceOp, src: ArrayLike<number>, base: number, inner: Int32Array): number {
  const better = op === 'argmax' ? (v: number, best: number) => v > best : (v: number, best: number) => v < best;
  if (inner.length === 0) return 0;
  let best = src[base + inner[0]!]!;
  let index = 0;
  if (Number.isNaN(best)) return 0;
  for (let i = 1; i < inner.length; i++) {
    const v = src[base + inner[i]!]!;
    if (Number.isNaN(v)) return i;
    if (better(v, best)) {
      best = v;
      index = i;
    }
  }
  return index;
}
