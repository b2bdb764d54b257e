import { describe, expect, it } from 'vitest';
import { uniformAt, type PoolGeometry } from '@stride/core-tensor/backend';
import { cpu, type CpuBackend } from '../src/index.js';

// The wasm 2×2/stride-2 max-pool (inputs of 16Ki elements and more) against the typed-array
// kernel: the same values and the same winners, with ties, NaN and −0 against +0.
const wasm = cpu({ threads: 2 });
const loops = cpu({ simd: false });

/** Values on a coarse grid (many ties), with NaN, ±0 and ±Infinity mixed in. */
function noise(n: number, seed: number): Float32Array {
  const specials = [NaN, -0, 0, Infinity, -Infinity];
  return Float32Array.from({ length: n }, (_, i) =>
    i % 7 === 2 ? specials[(i * 3 + seed) % specials.length]! : Math.round(8 * uniformAt(seed, i)) / 4 - 1,
  );
}

function pool(b: CpuBackend, values: Float32Array, g: PoolGeometry) {
  const x = { id: b.write(values), shape: [g.batch, g.channels, ...g.inSize], dtype: 'float32' as const };
  const { out, argmax } = b.maxPool2d(x, g);
  return { out: Array.from(new Int32Array((b.readSync!(out) as Float32Array).slice().buffer)), argmax: Array.from(b.readSync!(argmax)) };
}

describe('wasm max-pool 2×2', () => {
  // Even sizes (LeNet's 28 → 14 and 14 → 7), odd ones whose last row and column no window reads.
  for (const [h, w] of [
    [28, 28],
    [14, 14],
    [9, 11],
    [30, 6],
  ] as const) {
    it(`${h}×${w} planes: same values (as bits) and winners as the typed-array kernel`, () => {
      const g: PoolGeometry = {
        batch: 8,
        channels: 37,
        inSize: [h, w],
        kernel: [2, 2],
        stride: [2, 2],
        padding: [0, 0],
        dilation: [1, 1],
        outSize: [Math.floor(h / 2), Math.floor(w / 2)],
      };
      const values = noise(8 * 37 * h * w, h + w);
      expect(pool(wasm, values, g)).toEqual(pool(loops, values, g));
    });
  }
});

describe('wasm max-pool backward', () => {
  // The scatter for any window: 2×2 (one winner per pixel at most) and 3×3 at stride 2 with
  // padding (windows overlap, so a pixel sums several gradients in output order).
  const cases: [string, PoolGeometry][] = [
    [
      '2×2 on 28×28',
      { batch: 8, channels: 20, inSize: [28, 28], kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], outSize: [14, 14] },
    ],
    [
      '3×3, stride 2, padding 1 on 15×13 (overlapping windows)',
      { batch: 6, channels: 33, inSize: [15, 13], kernel: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], outSize: [8, 7] },
    ],
  ];
  for (const [name, g] of cases) {
    it(`${name}: the same gradient bits as the typed-array kernel`, () => {
      const values = noise(g.batch * g.channels * g.inSize[0] * g.inSize[1], 5);
      const grads = Float32Array.from({ length: g.batch * g.channels * g.outSize[0] * g.outSize[1] }, (_, i) => 2 * uniformAt(9, i) - 1);
      const backward = (b: CpuBackend) => {
        const x = { id: b.write(values), shape: [g.batch, g.channels, ...g.inSize], dtype: 'float32' as const };
        const { out, argmax } = b.maxPool2d(x, g);
        const dy = { id: b.write(grads), shape: [g.batch, g.channels, ...g.outSize], dtype: 'float32' as const };
        const dx = b.maxPool2dBackward(dy, { id: argmax, shape: dy.shape, dtype: 'int32' }, g);
        const bits = Array.from(new Int32Array((b.readSync!(dx) as Float32Array).slice().buffer));
        for (const id of [x.id, out, argmax, dy.id, dx]) b.disposeData(id);
        return bits;
      };
      const got = backward(wasm);
      expect(got.some((v) => v !== 0)).toBe(true);
      expect(got).toEqual(backward(loops));
    });
  }
});
