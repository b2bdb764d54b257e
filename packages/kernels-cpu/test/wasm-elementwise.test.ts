import { describe, expect, it } from 'vitest';
import type { Shape } from '@stride/core-tensor';
import { contiguousStrides, uniformAt, type AdamUpdate, type DataId, type SgdUpdate, type View } from '@stride/core-tensor/backend';
import { cpu, type CpuBackend } from '../src/index.js';

// The WebAssembly elementwise path (tensors of 16Ki elements and more, split over threads)
// against the typed-array loops, bit for bit, on odd sizes and with NaN, ±Infinity and −0.
const wasm = cpu({ threads: 2 });
const loops = cpu({ simd: false });
const backends = [wasm, loops] as const;

/** Signed noise with zeros, NaN, ±Infinity and −0 mixed in. */
function noise(n: number, seed: number): Float32Array {
  const specials = [0, -0, NaN, Infinity, -Infinity];
  return Float32Array.from({ length: n }, (_, i) => (i % 13 === 5 ? specials[(i + seed) % specials.length]! : 2 * uniformAt(seed, i) - 1));
}
function put(b: CpuBackend, values: Float32Array, shape: Shape, strides = contiguousStrides(shape), offset = 0): View {
  return { id: b.write(values), shape, dtype: 'float32', strides, offset };
}
const bits = (b: CpuBackend, id: DataId) => new Int32Array((b.readSync!(id) as Float32Array).slice().buffer);
/** The same computation on both backends, as bits. */
const both = (f: (b: CpuBackend) => DataId) => backends.map((b) => bits(b, f(b)));

describe('wasm elementwise kernels', () => {
  const shape = [3, 7, 41, 23]; // 19,803 elements: several tasks, and not a multiple of four
  const n = 3 * 7 * 41 * 23;

  it('relu matches the loops, NaN kept and −0 made +0', () => {
    const [got, want] = both((b) => b.unary('relu', put(b, noise(n, 1), shape)));
    expect(got).toEqual(want);
  });

  it('relu of a view with an offset reads from the offset', () => {
    const [got, want] = both((b) => b.unary('relu', put(b, noise(n + 5, 2), shape, contiguousStrides(shape), 5)));
    expect(got).toEqual(want);
  });

  it('reluBackward matches the loops', () => {
    const [got, want] = both((b) => b.reluBackward(put(b, noise(n, 3), shape), put(b, noise(n, 4), shape)));
    expect(got).toEqual(want);
  });

  it('add of equal shapes matches the loops', () => {
    const [got, want] = both((b) => b.binary('add', put(b, noise(n, 5), shape), put(b, noise(n, 6), shape), 'float32'));
    expect(got).toEqual(want);
  });

  it('add of a per-channel bias broadcast over planes matches the loops', () => {
    // A [1, 7, 1, 1] bias expanded to [3, 7, 41, 23]: rows of 943, not a multiple of four.
    const [got, want] = both((b) => b.binary('add', put(b, noise(n, 7), shape), put(b, noise(7, 8), shape, [0, 1, 0, 0]), 'float32'));
    expect(got).toEqual(want);
  });

  it.each(['sub', 'mul', 'div'] as const)('%s of equal shapes and of a per-channel operand matches the loops', (op) => {
    // Batch-norm's passes: x − mean, x̂ · scale, x / std, with a [1, 7, 1, 1] operand expanded.
    const [dense, denseWant] = both((b) => b.binary(op, put(b, noise(n, 13), shape), put(b, noise(n, 14), shape), 'float32'));
    expect(dense).toEqual(denseWant);
    const [rows, rowsWant] = both((b) => b.binary(op, put(b, noise(n, 15), shape), put(b, noise(7, 16), shape, [0, 1, 0, 0]), 'float32'));
    expect(rows).toEqual(rowsWant);
  });

  it('copy of a transposed matrix (strides [1, rows]) matches the loops', () => {
    // 131×157 and 8×2500: ragged 4×4 blocks at both edges, and rows split over tasks.
    for (const [rows, cols] of [
      [131, 157],
      [8, 2500],
    ] as const) {
      const [got, want] = both((b) => b.copy(put(b, noise(rows * cols + 3, 12), [rows, cols], [1, rows], 3)));
      expect(got).toEqual(want);
    }
  });

  it('an SGD step with momentum and dampening matches the loops, buffer and parameter', () => {
    const h: SgdUpdate = { lr: 0.037, momentum: 0.9, dampening: 0.25, weightDecay: 0, nesterov: false };
    const results = backends.map((b) => {
      const out = b.sgdUpdate(put(b, noise(n, 9), [n]), put(b, noise(n, 10), [n]), put(b, noise(n, 11), [n]), h);
      return [bits(b, out.param), bits(b, out.momentumBuffer!)];
    });
    expect(results[0]).toEqual(results[1]);
  });

  it('a plain SGD step (no momentum) matches the loop', () => {
    const h: SgdUpdate = { lr: 0.013, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false };
    const results = backends.map((b) => {
      const out = b.sgdUpdate(put(b, noise(n, 16), [n]), put(b, noise(n, 17), [n]), null, h);
      expect(out.momentumBuffer).toBeNull();
      return bits(b, out.param);
    });
    expect(results[0]).toEqual(results[1]);
  });

  const adamCases: [string, AdamUpdate][] = [
    ['Adam, first step', { lr: 2e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupledWeightDecay: false, step: 1 }],
    ['Adam, step 50', { lr: 1e-3, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0, decoupledWeightDecay: false, step: 50 }],
    ['AdamW', { lr: 3e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.05, decoupledWeightDecay: true, step: 7 }],
  ];
  for (const [name, h] of adamCases) {
    it(`an ${name} step matches the loops: parameter and both moments`, () => {
      const results = backends.map((b) => {
        const v = noise(n, 15).map((x) => x * x);
        const out = b.adamUpdate(put(b, noise(n, 12), [n]), put(b, noise(n, 13), [n]), put(b, noise(n, 14), [n]), put(b, v, [n]), null, h);
        expect(out.maxExpAvgSq).toBeNull();
        return [bits(b, out.param), bits(b, out.expAvg), bits(b, out.expAvgSq)];
      });
      expect(results[0]).toEqual(results[1]);
    });
  }
});
