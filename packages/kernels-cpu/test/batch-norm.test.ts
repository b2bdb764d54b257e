import { describe, expect, it } from 'vitest';
import { functional as F, gradcheck, randn, type DType, type Shape, type Tensor } from '@stride/core-tensor';
import {
  defaultKernels,
  normalAt,
  type BatchNormForward,
  type BatchNormGrads,
  type DataId,
  type Dense,
  type OptionalKernels,
} from '@stride/core-tensor/backend';
import { cpu } from '../src/index.js';
import { batchNormKernels } from '../src/loops/batch-norm.js';
import { simdBatchNormKernels } from '../src/simd/batch-norm.js';
import { threadPool } from '../src/threads/thread-pool.js';
import { wasmRuntime } from '../src/wasm/runtime.js';

// Training-mode batch norm: the wasm kernel on one and on two threads against the typed-array
// kernel (the same operations in the same order, so the same bits), and that against core's
// composition of required kernels, which every other backend runs.
type Kernels = Pick<OptionalKernels, 'batchNormForward' | 'batchNormBackward'>;

const b = cpu({ simd: false });
const loops = batchNormKernels();
const composed = defaultKernels(cpu({ optionalKernels: false }));
const rt = wasmRuntime()!;
const refuse = (): never => {
  throw new Error('the wasm kernel handed this case to its fallback');
};
const wasmOn = (threads: number) =>
  simdBatchNormKernels(rt, threadPool(rt, threads), { batchNormForward: refuse, batchNormBackward: refuse });

/** Per channel c, values around c − 2 with spread 1 + c/4, so every channel's statistics differ. */
function channelNoise(shape: Shape, seed: number, dtype: DType = 'float32'): Dense {
  const [channels, plane] = [shape[1]!, shape.slice(2).reduce((p, d) => p * d, 1)];
  const values = Array.from({ length: shape.reduce((p, d) => p * d, 1) }, (_, i) => {
    const c = Math.floor(i / plane) % channels;
    return c - 2 + (1 + c / 4) * normalAt(seed, i);
  });
  return put(values, shape, dtype);
}
function put(values: ArrayLike<number>, shape: Shape, dtype: DType = 'float32'): Dense {
  return { id: b.write(dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values)), shape, dtype };
}
const perChannel = (channels: number, seed: number, dtype: DType = 'float32') =>
  put(
    Array.from({ length: channels }, (_, i) => 0.5 + normalAt(seed, i)),
    [channels],
    dtype,
  );
const read = (id: DataId) => Array.from(b.readSync!(id));
const bits = (id: DataId) => new Int32Array(Float32Array.from(b.readSync!(id)).buffer);

/** Expects the same float32 bits, naming the first element that differs (a full diff of 20k floats takes seconds). */
function expectSameBits(label: string, got: DataId, want: DataId): void {
  const [g, w] = [bits(got), bits(want)];
  const at = g.length === w.length ? g.findIndex((v, i) => v !== w[i]) : 0;
  const view = (a: Int32Array) => new Float32Array(a.buffer)[at];
  expect(at, `${label}: first differing element ${at} is ${view(g)}, expected ${view(w)}`).toBe(-1);
}

/** Expects max|got − want| ≤ rtol·max|want|: float error scales with the tensor, not the element. */
function expectClose(label: string, got: DataId, want: DataId, rtol: number): void {
  const [g, w] = [read(got), read(want)];
  const scale = Math.max(...w.map(Math.abs));
  const worst = Math.max(...g.map((v, i) => Math.abs(v - w[i]!)));
  expect(worst, `${label}: worst error ${worst} against scale ${scale}`).toBeLessThanOrEqual(rtol * scale);
}

function forward(k: Kernels, x: Dense, affine: boolean): BatchNormForward {
  const channels = x.shape[1]!;
  return k.batchNormForward(x, affine ? perChannel(channels, 7, x.dtype) : null, affine ? perChannel(channels, 8, x.dtype) : null, 1e-5);
}
function backward(k: Kernels, x: Dense, dy: Dense, affine: boolean): BatchNormGrads {
  const stats = loops.batchNormForward(x, null, null, 1e-5);
  const at = (id: DataId): Dense => ({ id, shape: [x.shape[1]!], dtype: x.dtype });
  return k.batchNormBackward(x, dy, at(stats.mean), at(stats.invStd), affine ? perChannel(x.shape[1]!, 7, x.dtype) : null);
}

const SHAPES: [string, Shape][] = [
  ['3 channels of 37×29 (a plane not a multiple of four)', [6, 3, 37, 29]],
  ['a single channel', [7, 1, 61, 41]],
  ['16 channels of 16×16 (whole vectors)', [8, 16, 16, 16]],
  ['[N, C, L] with L = 5 (one vector and one float per run)', [64, 70, 5]],
  ['[N, C, D, H, W]', [2, 4, 3, 33, 35]],
];

describe('batch-norm kernels', () => {
  for (const threads of [1, 2]) {
    const wasm = wasmOn(threads);
    for (const [name, shape] of SHAPES) {
      for (const affine of [true, false]) {
        const what = `${name}, ${affine ? 'with' : 'without'} weight and bias, on ${threads} thread${threads > 1 ? 's' : ''}`;
        it(`forward on wasm gives the typed-array kernel's bits: ${what}`, () => {
          const x = channelNoise(shape, 1);
          const [got, want] = [forward(wasm, x, affine), forward(loops, x, affine)];
          for (const key of ['out', 'mean', 'variance', 'invStd'] as const) expectSameBits(key, got[key], want[key]);
        });
        it(`backward on wasm gives the typed-array kernel's bits: ${what}`, () => {
          const [x, dy] = [channelNoise(shape, 2), channelNoise(shape, 3)];
          const [got, want] = [backward(wasm, x, dy, affine), backward(loops, x, dy, affine)];
          for (const key of ['dx', 'dweight', 'dbias'] as const) expectSameBits(key, got[key], want[key]);
        });
      }
    }
  }

  // ReLU fused into both passes: the forward's output is the plain forward's with relu's rule
  // applied (NaN kept, else +0 where not positive), and the backward is the plain backward of dy
  // where that output is positive, 0 elsewhere.
  for (const threads of [1, 2]) {
    const wasm = wasmOn(threads);
    for (const [name, shape] of SHAPES) {
      const what = `${name}, on ${threads} thread${threads > 1 ? 's' : ''}`;
      it(`batch norm + ReLU on wasm equals the typed-array kernels with ReLU applied: ${what}`, () => {
        const x = channelNoise(shape, 4);
        const channels = shape[1]!;
        const [w, bias] = [perChannel(channels, 7), perChannel(channels, 8)];
        const plain = loops.batchNormForward(x, w, bias, 1e-5);
        const rectified = Float32Array.from(b.readSync!(plain.out), (v) => (v > 0 || Number.isNaN(v) ? v : 0));
        const fused = wasm.batchNormReluForward(x, w, bias, 1e-5);
        expectSameBits('out', fused.out, b.write(rectified));
        for (const key of ['mean', 'variance', 'invStd'] as const) expectSameBits(key, fused[key], plain[key]);
        expect(rectified.some((v) => v === 0) && rectified.some((v) => v > 0)).toBe(true);

        const dy = channelNoise(shape, 5);
        const dyValues = b.readSync!(dy.id);
        const masked = put(
          Float32Array.from(dyValues, (g, i) => (rectified[i]! > 0 ? g : 0)),
          shape,
        );
        const at = (id: DataId): Dense => ({ id, shape: [channels], dtype: 'float32' });
        const out: Dense = { id: fused.out, shape, dtype: 'float32' };
        const got = wasm.batchNormReluBackward(x, out, dy, at(fused.mean), at(fused.invStd), w);
        const want = loops.batchNormBackward(x, masked, at(fused.mean), at(fused.invStd), w);
        for (const key of ['dx', 'dweight', 'dbias'] as const) expectSameBits(key, got[key], want[key]);
      });
    }
  }

  for (const [name, shape] of [...SHAPES, ['[N, C] (no plane)', [300, 7]] as [string, Shape]]) {
    for (const dtype of ['float32', 'float64'] as const) {
      // float32: a few roundings apart (core rounds the sums to float32 before dividing); float64: summation order only.
      const rtol = dtype === 'float32' ? 2e-6 : 1e-13;
      it(`the typed-array kernel agrees with core's composition in ${dtype}: ${name}`, () => {
        const [x, dy] = [channelNoise(shape, 4, dtype), channelNoise(shape, 5, dtype)];
        const [got, want] = [forward(loops, x, true), forward(composed, x, true)];
        for (const key of ['out', 'mean', 'variance', 'invStd'] as const) expectClose(key, got[key], want[key], rtol);
        const [grads, wantGrads] = [backward(loops, x, dy, true), backward(composed, x, dy, true)];
        for (const key of ['dx', 'dweight', 'dbias'] as const) expectClose(key, grads[key], wantGrads[key], rtol);
      });
    }
  }

  it('the cpu backend takes wasm for big float32 images and the typed-array kernel otherwise, with the same bits', () => {
    const backend = cpu({ threads: 2 });
    for (const shape of [
      [6, 3, 37, 29],
      [300, 7],
      [2, 3, 4, 4],
    ] as Shape[]) {
      const x = channelNoise(shape, 6);
      expectSameBits(`out of ${shape.join('×')}`, forward(backend, x, true).out, forward(loops, x, true).out);
    }
    backend.dispose();
  });

  it('statistics stay accurate for 102,400 values per channel far from zero (double sums)', () => {
    // Values 1000 ± 0.01: float32 sums would be off by more than the spread.
    const shape = [64, 2, 40, 40];
    const values = Float32Array.from({ length: 64 * 2 * 1600 }, (_, i) => 1000 + 0.01 * normalAt(9, i));
    const stats = wasmOn(2).batchNormForward(put(values, shape), null, null, 0);
    for (let c = 0; c < 2; c++) {
      const own = Array.from({ length: 64 }, (_, n) => values.subarray((n * 2 + c) * 1600, (n * 2 + c + 1) * 1600)).flatMap((r) =>
        Array.from(r),
      );
      const mean = own.reduce((s, v) => s + v, 0) / own.length;
      const variance = own.reduce((s, v) => s + (v - mean) ** 2, 0) / own.length;
      expect(Math.abs(read(stats.mean)[c]! - mean)).toBeLessThanOrEqual(1e-4);
      expect(Math.abs(read(stats.variance)[c]! - variance) / variance).toBeLessThanOrEqual(1e-5);
    }
  });
});

describe('batchNormTraining autograd (float64 gradcheck)', () => {
  for (const [name, backend] of [
    ['typed-array kernel', cpu()],
    ["core's composition", cpu({ optionalKernels: false })],
  ] as const) {
    it(`agrees with finite differences wrt input, weight and bias through the ${name}`, () => {
      const make = (shape: number[], seed: number) => randn(shape, { dtype: 'float64', seed, backend });
      const inputs = [make([3, 2, 3, 2], 1), make([2], 2), make([2], 3)];
      expect(gradcheck((x: Tensor, w: Tensor, bias: Tensor) => F.batchNormTraining(x, w, bias).out, inputs)).toBe(true);
      for (const t of inputs) t.dispose();
    });
  }

  it('agrees with finite differences without weight and bias', () => {
    const backend = cpu();
    const x = randn([4, 3, 5], { dtype: 'float64', seed: 4, backend });
    expect(gradcheck((t: Tensor) => F.batchNormTraining(t).out, [x])).toBe(true);
    x.dispose();
  });
});
