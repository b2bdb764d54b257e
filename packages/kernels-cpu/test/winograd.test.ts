import { describe, expect, it } from 'vitest';
import type { ConvGeometry } from '@stride/core-tensor/backend';
import { cpu, type CpuBackend } from '../src/index.js';
import { fullConvolution } from '../src/simd/full-convolution.js';
import { winogradPlan, winogradWeightPlan } from '../src/simd/winograd-plan.js';
import {
  geometry,
  noise,
  referenceConv,
  referenceWeightGradient,
  relativeError,
  TOLERANCE,
  viaWinograd,
  viaWinogradWeights,
} from './winograd-helpers.js';

// Winograd's F(2×2, 3×3) and F(4×4, 3×3) against the direct path (packed columns and the
// blocked GEMM) and against the convolution in double. The stated tolerance is the
// conformance suite's: the largest error at most 1e-5 of the largest output.
const direct = cpu({ threads: 2, winograd: false });
const backend = cpu({ threads: 2 });

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** A convolution kernel call on backend `b`, its operands written in and the result read out. */
function run(b: CpuBackend, kernel: 'conv' | 'convBackwardInput', g: ConvGeometry, input: Float32Array, w: Float32Array): Float32Array {
  const inShape =
    kernel === 'conv' ? [g.batch, g.inChannels, g.inSize[1], g.inSize[2]] : [g.batch, g.outChannels, g.outSize[1], g.outSize[2]];
  const [inId, wId] = [b.write(input), b.write(w)];
  const out = b[kernel](
    { id: inId, shape: inShape, dtype: 'float32' },
    { id: wId, shape: [g.outChannels, g.inChannels, 3, 3], dtype: 'float32' },
    g,
  );
  const values = Float32Array.from(b.readSync!(out));
  for (const id of [inId, wId, out]) b.disposeData(id);
  return values;
}

/** dw on backend `b`. */
function weightGradient(b: CpuBackend, g: ConvGeometry, x: Float32Array, dy: Float32Array): Float32Array {
  const [xId, dyId] = [b.write(x), b.write(dy)];
  const dw = b.convBackwardWeight(
    { id: xId, shape: [g.batch, g.inChannels, g.inSize[1], g.inSize[2]], dtype: 'float32' },
    { id: dyId, shape: [g.batch, g.outChannels, g.outSize[1], g.outSize[2]], dtype: 'float32' },
    g,
  );
  const values = Float32Array.from(b.readSync!(dw));
  for (const id of [xId, dyId, dw]) b.disposeData(id);
  return values;
}

const bits = (values: Float32Array) => Array.from(new Int32Array(values.buffer, values.byteOffset, values.length));

describe('F(m×m, 3×3) against the direct path and the convolution in double', () => {
  const cases: { name: string; x: [number, number, number, number]; o: number; before: number; after?: number }[] = [
    { name: 'one pixel, padding 1', x: [1, 1, 1, 1], o: 1, before: 1 },
    { name: '2×2 image, padding 2 (taps mostly outside)', x: [1, 2, 2, 2], o: 3, before: 2 },
    { name: 'odd 7×9, no padding', x: [2, 3, 7, 9], o: 5, before: 0 },
    { name: '5×6, padding 2, batch 3', x: [3, 5, 5, 6], o: 7, before: 2 },
    { name: 'batch 4 of 11×13: four-tile groups across rows and samples', x: [4, 7, 11, 13], o: 6, before: 1 },
    { name: 'padding 0 above and left, 2 below and right', x: [1, 13, 10, 17], o: 9, before: 0, after: 2 },
    { name: 'padding 2 above and left, 0 below and right', x: [2, 6, 9, 8], o: 10, before: 2, after: 0 },
    { name: '300 channels: two channel blocks', x: [1, 300, 6, 7], o: 5, before: 1 },
    { name: '33×35, four channels: several tile blocks', x: [2, 4, 33, 35], o: 4, before: 1 },
    { name: 'ResNet-like 16 channels on 32×32', x: [1, 16, 32, 32], o: 16, before: 1 },
  ];
  for (const m of [2, 4] as const) {
    for (const c of cases) {
      it(`F(${m}×${m}): ${c.name}`, () => {
        const g = geometry(c.x, c.o, c.before, c.after);
        const x = noise(size(c.x), 11);
        const w = noise(c.o * c.x[1] * 9, 12, 1 / Math.sqrt(c.x[1]));
        const got = viaWinograd(m, g, x, w);
        expect(got.length).toBe(g.batch * c.o * g.outSize[1] * g.outSize[2]);
        expect(relativeError(got, run(direct, 'conv', g, x, w))).toBeLessThan(TOLERANCE);
        expect(relativeError(got, referenceConv(g, x, w))).toBeLessThan(TOLERANCE);
      });
      it(`F(${m}×${m}) weight gradient: ${c.name}`, () => {
        const g = geometry(c.x, c.o, c.before, c.after);
        const x = noise(size(c.x), 13, 1, true);
        const dy = noise(g.batch * c.o * g.outSize[1] * g.outSize[2], 14, 0.1);
        const got = viaWinogradWeights(m, g, x, dy);
        expect(got.length).toBe(c.o * c.x[1] * 9);
        expect(relativeError(got, weightGradient(direct, g, x, dy))).toBeLessThan(TOLERANCE);
        expect(relativeError(got, referenceWeightGradient(g, x, dy))).toBeLessThan(TOLERANCE);
      });
    }
  }
});

describe('threads', () => {
  it('1, 2 and 3 threads give the same bits', () => {
    // Big enough to split into tasks (at least PARALLEL_MACS multiply-adds).
    const g = geometry([3, 16, 20, 22], 20, 1);
    const x = noise(3 * 16 * 20 * 22, 21);
    const w = noise(20 * 16 * 9, 22, 0.25);
    for (const m of [2, 4] as const) {
      const one = bits(viaWinograd(m, g, x, w, 1));
      expect(bits(viaWinograd(m, g, x, w, 2))).toEqual(one);
      expect(bits(viaWinograd(m, g, x, w, 3))).toEqual(one);
    }
  });

  it('the weight gradient, summed in several chunks of tiles, too', () => {
    // F(2×2): 3456 tiles in 8 chunks; F(4×4): 864 in 8.
    const g = geometry([6, 8, 48, 48], 12, 1);
    const x = noise(6 * 8 * 48 * 48, 23);
    const dy = noise(6 * 12 * 48 * 48, 24);
    for (const m of [2, 4] as const) {
      const one = bits(viaWinogradWeights(m, g, x, dy, 1));
      expect(bits(viaWinogradWeights(m, g, x, dy, 2))).toEqual(one);
      expect(bits(viaWinogradWeights(m, g, x, dy, 3))).toEqual(one);
      expect(relativeError(viaWinogradWeights(m, g, x, dy, 3), referenceWeightGradient(g, x, dy))).toBeLessThan(TOLERANCE);
    }
  });
});

describe('the backend takes Winograd by default', () => {
  const g = geometry([4, 32, 16, 16], 32, 1);
  const x = noise(size([4, 32, 16, 16]), 31);
  const w = noise(32 * 32 * 9, 32, 1 / Math.sqrt(32 * 9));

  it('conv: the bits of F(m×m), which winograd: false does not give', () => {
    const m = winogradPlan(g);
    expect(m).not.toBeNull();
    const got = run(backend, 'conv', g, x, w);
    expect(bits(got)).toEqual(bits(viaWinograd(m!, g, x, w)));
    const plain = run(direct, 'conv', g, x, w);
    expect(bits(plain)).not.toEqual(bits(got));
    expect(relativeError(got, plain)).toBeLessThan(TOLERANCE);
  });

  it('convBackwardWeight: the bits of the transposed F(m×m)', () => {
    const m = winogradWeightPlan(g);
    expect(m).not.toBeNull();
    const dy = noise(size([4, 32, 16, 16]), 35, 0.1);
    const got = weightGradient(backend, g, x, dy);
    expect(bits(got)).toEqual(bits(viaWinogradWeights(m!, g, x, dy)));
    expect(relativeError(got, weightGradient(direct, g, x, dy))).toBeLessThan(TOLERANCE);
  });

  it('on one thread, on three, and without SharedArrayBuffer (operands copied in and out): the same bits', () => {
    const three = cpu({ threads: 3 });
    expect(bits(run(three, 'conv', g, x, w))).toEqual(bits(run(backend, 'conv', g, x, w)));
    expect(bits(run(cpu({ threads: 1 }), 'conv', g, x, w))).toEqual(bits(run(backend, 'conv', g, x, w)));
    three.dispose();
    const unshared = cpu({ sharedMemory: false });
    const dy = noise(size([4, 32, 16, 16]), 36, 0.1);
    expect(bits(run(unshared, 'conv', g, x, w))).toEqual(bits(run(backend, 'conv', g, x, w)));
    expect(bits(run(unshared, 'convBackwardInput', g, dy, w))).toEqual(bits(run(backend, 'convBackwardInput', g, dy, w)));
    expect(bits(weightGradient(unshared, g, x, dy))).toEqual(bits(weightGradient(backend, g, x, dy)));
  });

  for (const before of [0, 1, 2]) {
    it(`convBackwardInput, padding ${before}: the full convolution of dy with the flipped weights`, () => {
      const fwd = geometry([2, 24, 18, 20], 20, before);
      const full = fullConvolution(fwd)!;
      const m = winogradPlan(full);
      expect(m).not.toBeNull();
      const dy = noise(2 * 20 * fwd.outSize[1] * fwd.outSize[2], 33);
      const wf = noise(20 * 24 * 9, 34, 0.2);
      const got = run(backend, 'convBackwardInput', fwd, dy, wf);
      expect(bits(got)).toEqual(bits(viaWinograd(m!, full, dy, wf, 2, 'flipped')));
      expect(relativeError(got, run(direct, 'convBackwardInput', fwd, dy, wf))).toBeLessThan(TOLERANCE);
    });
  }
});

describe('cpu({ winograd: { tile } }): every convolution Winograd computes, small ones included', () => {
  // The conformance fixture's shape, which the cost rule leaves direct.
  const g = geometry([2, 3, 7, 6], 4, 1);
  const x = noise(size([2, 3, 7, 6]), 51);
  const w = noise(4 * 3 * 9, 52, 0.5);
  const dy = noise(size([2, 4, 7, 6]), 53);

  it('takes F(tile×tile) in all three kernels where the plan takes the direct path', () => {
    expect(winogradPlan(g)).toBeNull();
    expect(winogradWeightPlan(g)).toBeNull();
    for (const tile of [2, 4] as const) {
      const forced = cpu({ threads: 2, winograd: { tile } });
      expect(bits(run(forced, 'conv', g, x, w))).toEqual(bits(viaWinograd(tile, g, x, w)));
      expect(bits(run(forced, 'convBackwardInput', g, dy, w))).toEqual(bits(viaWinograd(tile, fullConvolution(g)!, dy, w, 2, 'flipped')));
      expect(bits(weightGradient(forced, g, x, dy))).toEqual(bits(viaWinogradWeights(tile, g, x, dy)));
      forced.dispose();
    }
  });

  it('keeps F(4×4) within its precision limits and other convolutions direct', () => {
    const forced = cpu({ threads: 2, winograd: { tile: 4 } });
    const wide = geometry([1, 300, 6, 7], 5, 1);
    const xw = noise(size([1, 300, 6, 7]), 54);
    const ww = noise(5 * 300 * 9, 55, 0.1);
    expect(bits(run(forced, 'conv', wide, xw, ww))).toEqual(bits(viaWinograd(2, wide, xw, ww)));
    const strided = { ...g, stride: [1, 2, 2] as const, outSize: [1, 4, 3] as const };
    expect(bits(run(forced, 'conv', strided, x, w))).toEqual(bits(run(direct, 'conv', strided, x, w)));
    forced.dispose();
  });

  it('a tile other than 2 or 4 is refused, naming the option', () => {
    expect(() => cpu({ winograd: { tile: 3 as 2 } })).toThrow('cpu: winograd.tile must be 2 or 4 (got 3)');
  });
});
