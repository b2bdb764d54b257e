import { describe, expect, it } from 'vitest';
import type { Shape } from '@stride/core-tensor';
import { contiguousStrides, uniformAt } from '@stride/core-tensor/backend';
import { cpu, type CpuBackend } from '../src/index.js';

// A convolution's bias gradient, Σ dy over every axis but the channels, on the wasm
// channel_sums (four double lanes) against the typed-array reduce (one running double).
const wasm = cpu({ threads: 2 });
const loops = cpu({ simd: false });

function sum(b: CpuBackend, values: Float32Array, shape: Shape, axes: number[]): number[] {
  const id = b.write(values);
  const out = b.reduce('sum', { id, shape, dtype: 'float32', strides: contiguousStrides(shape), offset: 0 }, axes);
  const result = Array.from(b.readSync!(out));
  b.disposeData(id);
  b.disposeData(out);
  return result;
}

describe('wasm channel sums', () => {
  const shapes: Shape[] = [
    [64, 20, 28, 28],
    [8, 50, 14, 14],
    [7, 3, 37, 29],
    [16, 1, 33, 33],
    [2, 9, 5, 7, 11],
  ];
  for (const shape of shapes) {
    it(`[${shape.join(', ')}]: the typed-array sums, to float32 rounding`, () => {
      const n = shape.reduce((a, b) => a * b, 1);
      // An offset far from zero, so a float32 running sum would lose digits that doubles keep.
      const values = Float32Array.from({ length: n }, (_, i) => 100 + 2 * uniformAt(shape[1]!, i) - 1);
      const axes = shape.map((_, i) => i).filter((i) => i !== 1);
      const got = sum(wasm, values, shape, axes);
      const want = sum(loops, values, shape, axes);
      expect(got.length).toBe(shape[1]);
      got.forEach((v, c) => expect(Math.abs(v - want[c]!)).toBeLessThanOrEqual(Math.abs(want[c]!) * 2 ** -23));
    });
  }

  it('leaves other reductions (a sum keeping the batch axis) to the typed-array loop', () => {
    const shape = [8, 16, 16, 16];
    const values = Float32Array.from({ length: 8 * 16 * 256 }, (_, i) => uniformAt(3, i));
    expect(sum(wasm, values, shape, [1, 2, 3])).toEqual(sum(loops, values, shape, [1, 2, 3]));
  });
});
