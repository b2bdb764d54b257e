import type { DType } from '../dtype.js';

/** Adaptive pooling's window i of `out` over `size` inputs: [⌊i·size/out⌋, ⌈(i+1)·size/out⌉), as PyTorch. */
export function adaptiveWindow(i: number, size: number, out: number): [start: number, end: number] {
  return [Math.floor((i * size) / out), Math.ceil(((i + 1) * size) / out)];
}

/** The widest adaptive window: what a kernel that walks a fixed number of taps must cover. */
export function widestAdaptiveWindow(size: number, out: number): number {
  let widest = 0;
  for (let i = 0; i < out; i++) {
    const [start, end] = adaptiveWindow(i, size, out);
    widest = Math.max(widest, end - start);
  }
  return widest;
}

/**
 * Where fractional max pooling's windows start along one axis, PyTorch's `generate_intervals`
 * in the tensor's dtype: α = (in − k)/(out − 1), start(i) = ⌊(i + u)·α⌋ − ⌊u·α⌋ for i < out − 1
 * (truncated toward zero, as a C cast) and in − k for the last window.
 */
export function fractionalStarts(sample: number, size: number, out: number, kernel: number, dtype: DType): Int32Array {
  const round = dtype === 'float32' ? Math.fround : (v: number) => v;
  const starts = new Int32Array(out);
  const alpha = fractionalAlpha(size, out, kernel, dtype);
  const u = round(sample);
  for (let i = 0; i < out - 1; i++) starts[i] = Math.trunc(round(round(i + u) * alpha)) - Math.trunc(round(u * alpha));
  if (out > 0) starts[out - 1] = size - kernel;
  return starts;
}

/** α of `fractionalStarts`, rounded to the dtype as PyTorch's scalar_t division is (0 for a single window). */
export function fractionalAlpha(size: number, out: number, kernel: number, dtype: DType): number {
  if (out <= 1) return 0;
  const alpha = (size - kernel) / (out - 1);
  return dtype === 'float32' ? Math.fround(alpha) : alpha;
}
