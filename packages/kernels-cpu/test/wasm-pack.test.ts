import { describe, expect, it } from 'vitest';
import type { Shape } from '@stride/core-tensor';
import { uniformAt } from '@stride/core-tensor/backend';
import { cpu, type CpuBackend } from '../src/index.js';

// The packing routines' vector paths (row-major A through 4×4 transposes, column-major A one
// vector per k, column-major B through transposes) against the typed-array reference GEMM,
// on sizes that leave edge panels and k not a multiple of four.
const wasm = cpu({ threads: 1 });
const reference = cpu({ simd: false });

function noise(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => 2 * uniformAt(seed, i) - 1);
}

/** a·b for an m×k a and a k×n b, each stored row-major or transposed (column-major). */
function product(b: CpuBackend, m: number, k: number, n: number, aT: boolean, bT: boolean): Float32Array {
  const view = (values: Float32Array, [r, c]: Shape, t: boolean) => ({
    id: b.write(values),
    shape: [r!, c!],
    dtype: 'float32' as const,
    strides: t ? [1, r!] : [c!, 1],
    offset: 0,
  });
  return b.readSync!(b.matmul(view(noise(m * k, 1), [m, k], aT), view(noise(k * n, 2), [k, n], bT))) as Float32Array;
}

describe('wasm GEMM packing', () => {
  for (const aT of [false, true]) {
    for (const bT of [false, true]) {
      it(`${aT ? 'column' : 'row'}-major A times ${bT ? 'column' : 'row'}-major B matches the reference`, () => {
        for (const [m, k, n] of [
          [13, 7, 19],
          [37, 259, 70],
          [8, 4, 16],
        ] as const) {
          const got = product(wasm, m, k, n, aT, bT);
          const want = product(reference, m, k, n, aT, bT);
          const worst = Math.max(...got.map((v, i) => Math.abs(v - want[i]!)));
          expect(worst).toBeLessThan(1e-5 * Math.sqrt(k));
        }
      });
    }
  }
});
