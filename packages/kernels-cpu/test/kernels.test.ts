import { describe, expect, it } from 'vitest';
import type { DType, Shape } from '@stride/core-tensor';
import {
  contiguousStrides,
  defaultKernels,
  sizeOf,
  uniformAt,
  type AvgPoolOptions,
  type ConvGeometry,
  type DataId,
  type PoolGeometry,
  type View,
} from '@stride/core-tensor/backend';
import { cpu } from '../src/index.js';

const b = cpu();

// ---------- helpers ----------

function put(values: readonly number[], shape: Shape, dtype: DType = 'float64'): View {
  const array = dtype === 'float32' ? new Float32Array(values) : dtype === 'int32' ? new Int32Array(values) : new Float64Array(values);
  return { id: b.write(array), shape, dtype, strides: contiguousStrides(shape), offset: 0 };
}

function get(id: DataId): number[] {
  return Array.from(b.readSync!(id));
}

/** Reorders a view's axes without copying. */
function permute(v: View, order: readonly number[]): View {
  return { ...v, shape: order.map((i) => v.shape[i]!), strides: order.map((i) => v.strides[i]!) };
}

/** Deterministic test data in [-1, 1). */
function noise(n: number, seed = 1): number[] {
  return Array.from({ length: n }, (_, i) => 2 * uniformAt(seed + 1000, i) - 1);
}

/** Row-major index → multi-index. */
function unravel(i: number, shape: Shape): number[] {
  const out = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = i % shape[d]!;
    i = Math.floor(i / shape[d]!);
  }
  return out;
}

/** The element of a flat row-major array at a multi-index. */
function at(values: readonly number[], shape: Shape, index: readonly number[]): number {
  return values[index.reduce((flat, i, d) => flat * shape[d]! + i, 0)]!;
}

function dot(a: readonly number[], c: readonly number[]): number {
  return a.reduce((s, v, i) => s + v * c[i]!, 0);
}

function expectClose(actual: readonly number[], expected: readonly number[], tol = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) =>
    expect(Math.abs(v - expected[i]!), `at ${i}: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(expected[i]!))),
  );
}

// ---------- storage ----------

describe('storage', () => {
  it('write copies its input and read returns a copy', async () => {
    const src = new Float32Array([1, 2, 3]);
    const id = b.write(src);
    src[0] = 9;
    const read = await b.read(id);
    read[1] = 9;
    expect(Array.from(b.readSync!(id))).toEqual([1, 2, 3]);
    expect(read).toBeInstanceOf(Float32Array);
  });

  it('a disposed buffer can no longer be read', () => {
    const id = b.write(new Int32Array([1]));
    b.disposeData(id);
    expect(() => b.readSync!(id)).toThrow(/disposed/);
  });

  it('declares the capabilities of the reference backend', () => {
    expect(b.name).toBe('cpu');
    expect(b.capabilities).toEqual({ dtypes: ['float32', 'int32', 'float64'], readSync: true, f16: false, maxBufferBytes: 2 ** 31 - 1 });
  });
});

// ---------- elementwise ----------

describe('elementwise', () => {
  const unary = (op: Parameters<typeof b.unary>[0], values: number[], dtype: DType = 'float64') =>
    get(b.unary(op, put(values, [values.length], dtype)));

  it('rounds halves to even', () => {
    expect(unary('round', [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49, -0.4, -0.51, NaN])).toEqual([-2, -2, -0, 0, 2, 2, 0, -0, -1, NaN]);
  });

  it('sign is 0 at 0 and at NaN (PyTorch), relu keeps NaN', () => {
    expect(unary('sign', [-3, 0, 2, NaN])).toEqual([-1, 0, 1, 0]);
    expect(unary('relu', [-1, 0, 2, NaN])).toEqual([0, 0, 2, NaN]);
  });

  it('erf is accurate far beyond float32', () => {
    const xs = [0, 1e-4, -0.1, 0.5, 1, 2, 2.5, 3, 4, -6, 10];
    const ref = [
      0, 1.128379163334248e-4, -0.1124629160182849, 0.5204998778130465, 0.8427007929497149, 0.9953222650189527, 0.999593047982555,
      0.9999779095030014, 0.9999999845827421, -1, 1,
    ];
    expectClose(unary('erf', xs), ref, 1e-13);
  });

  it('applies the remaining unary ops like Math', () => {
    const xs = [-1.5, -0.25, 0.3, 2];
    const cases: [Parameters<typeof b.unary>[0], (x: number) => number][] = [
      ['neg', (x) => -x],
      ['abs', Math.abs],
      ['exp', Math.exp],
      ['square', (x) => x * x],
      ['reciprocal', (x) => 1 / x],
      ['sigmoid', (x) => 1 / (1 + Math.exp(-x))],
      ['tanh', Math.tanh],
      ['floor', Math.floor],
      ['ceil', Math.ceil],
      ['sin', Math.sin],
      ['cos', Math.cos],
    ];
    for (const [op, f] of cases) expectClose(unary(op, xs), xs.map(f), 1e-15);
    expectClose(unary('log', [0.5, 2]), [Math.log(0.5), Math.log(2)]);
    expectClose(unary('sqrt', [0.5, 2]), [Math.sqrt(0.5), Math.sqrt(2)]);
  });

  it('int32 arithmetic wraps like int32', () => {
    const a = put([2 ** 31 - 1, 65536, -(2 ** 31)], [3], 'int32');
    const c = put([1, 65536, 1], [3], 'int32');
    expect(get(b.binary('add', a, c, 'int32'))).toEqual([-(2 ** 31), 65536 * 2, -(2 ** 31) + 1]);
    expect(get(b.binary('mul', a, c, 'int32'))).toEqual([2 ** 31 - 1, 0, -(2 ** 31)]);
    expect(get(b.unary('square', put([65536, -3], [2], 'int32')))).toEqual([0, 9]);
  });

  it('comparisons write 0/1 into the requested int32 output', () => {
    const a = put([1, 2, NaN], [3]);
    const c = put([2, 2, NaN], [3]);
    const out = b.binary('le', a, c, 'int32');
    expect(b.readSync!(out)).toBeInstanceOf(Int32Array);
    expect(get(out)).toEqual([1, 1, 0]);
    expect(get(b.binary('ne', a, c, 'int32'))).toEqual([1, 0, 1]);
  });

  it('maximum and minimum propagate NaN, pow follows Math.pow', () => {
    const a = put([1, NaN, -2], [3]);
    const c = put([NaN, 1, 3], [3]);
    expect(get(b.binary('maximum', a, c, 'float64'))).toEqual([NaN, NaN, 3]);
    expect(get(b.binary('minimum', a, c, 'float64'))).toEqual([NaN, NaN, -2]);
    expect(get(b.binary('pow', put([2, 0, -8], [3]), put([10, 0, 1 / 3], [3]), 'float64'))).toEqual([1024, 1, NaN]);
  });

  it('binary reads broadcast (stride 0) and transposed operands', () => {
    const m = put([1, 2, 3, 4, 5, 6], [2, 3]);
    const t = permute(put([10, 40, 20, 50, 30, 60], [3, 2]), [1, 0]); // [[10,20,30],[40,50,60]]
    const row: View = { ...put([100, 200, 300], [3]), shape: [2, 3], strides: [0, 1] };
    expect(get(b.binary('add', m, t, 'float64'))).toEqual([11, 22, 33, 44, 55, 66]);
    expect(get(b.binary('sub', row, m, 'float64'))).toEqual([99, 198, 297, 96, 195, 294]);
  });

  it('where picks by a nonzero condition', () => {
    const cond = put([1, 0, 1, 0], [2, 2], 'int32');
    const scalarB: View = { ...put([-1], []), shape: [2, 2], strides: [0, 0] };
    expect(get(b.where(cond, put([1, 2, 3, 4], [2, 2]), scalarB))).toEqual([1, -1, 3, -1]);
  });

  it('cast truncates toward zero into int32 and copy makes a view dense', () => {
    const out = b.cast(put([-1.7, 1.7, 3], [3]), 'int32');
    expect(b.readSync!(out)).toBeInstanceOf(Int32Array);
    expect(get(out)).toEqual([-1, 1, 3]);
    const v = permute(put([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [2, 3, 2]), [2, 0, 1]);
    expect(get(b.copy(v))).toEqual([0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11]);
    expect(get(b.copy({ ...put([5, 6, 7], [3]), shape: [], strides: [], offset: 2 }))).toEqual([7]);
  });

  it('fill makes a buffer of one value and size-0 inputs give empty outputs', () => {
    expect(get(b.fill(3, 2.5, 'float32'))).toEqual([2.5, 2.5, 2.5]);
    expect(get(b.unary('exp', put([], [2, 0, 3])))).toEqual([]);
    expect(get(b.unary('neg', put([4], [])))).toEqual([-4]);
  });
});

// ---------- reductions ----------

describe('reduce and argReduce', () => {
  const shape = [3, 4, 5];
  const values = noise(60, 2);
  const x = put(values, shape);

  function bruteReduce(op: (a: number, c: number) => number, init: number, v: View, axes: number[]): number[] {
    const outShape = v.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const out = new Array<number>(sizeOf(outShape)).fill(init);
    const src = get(b.copy(v));
    src.forEach((value, i) => {
      const idx = unravel(i, v.shape).map((k, d) => (axes.includes(d) ? 0 : k));
      const o = idx.reduce((flat, k, d) => flat * outShape[d]! + k, 0);
      out[o] = op(out[o]!, value);
    });
    return out;
  }

  it('sums and maxes over several axes of a permuted view', () => {
    const v = permute(x, [2, 0, 1]);
    expectClose(
      get(b.reduce('sum', v, [0, 2])),
      bruteReduce((a, c) => a + c, 0, v, [0, 2]),
    );
    expect(get(b.reduce('max', v, [1]))).toEqual(bruteReduce(Math.max, -Infinity, v, [1]));
    expect(get(b.reduce('min', v, [0, 1, 2]))).toEqual([Math.min(...values)]);
    expectClose(
      get(b.reduce('prod', v, [2])),
      bruteReduce((a, c) => a * c, 1, v, [2]),
    );
  });

  it('max propagates NaN and reducing no axes copies', () => {
    expect(get(b.reduce('max', put([1, NaN, 3, 0], [2, 2]), [1]))).toEqual([NaN, 3]);
    expect(get(b.reduce('sum', put([1, 2], [2]), []))).toEqual([1, 2]);
  });

  it('argmax and argmin return the first extreme', () => {
    const t = put([1, 3, 3, 0, 0, -1, 2, -1], [2, 4]);
    expect(get(b.argReduce('argmax', t, 1))).toEqual([1, 2]);
    expect(get(b.argReduce('argmin', t, 1))).toEqual([3, 1]);
    expect(get(b.argReduce('argmax', permute(t, [1, 0]), 0))).toEqual([1, 2]);
  });

  it('argmax points at the first NaN', () => {
    expect(get(b.argReduce('argmax', put([1, NaN, 5, NaN], [4]), 0))).toEqual([1]);
    expect(get(b.argReduce('argmin', put([NaN, -5], [2]), 0))).toEqual([0]);
  });

  it('argmax along a middle axis of a strided view matches a brute-force scan', () => {
    const v = permute(x, [1, 2, 0]); // [4, 5, 3]
    const dense = get(b.copy(v));
    const expected: number[] = [];
    for (let i = 0; i < 4; i++) {
      for (let k = 0; k < 3; k++) {
        let best = 0;
        for (let j = 1; j < 5; j++) if (at(dense, [4, 5, 3], [i, j, k]) > at(dense, [4, 5, 3], [i, best, k])) best = j;
        expected.push(best);
      }
    }
    expect(get(b.argReduce('argmax', v, 1))).toEqual(expected);
  });
});

// ---------- pad and concat ----------

describe('pad and concat', () => {
  it('pads each side by its own amount', () => {
    const x = put([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(
      get(
        b.pad(
          x,
          [
            [1, 0],
            [0, 2],
          ],
          9,
        ),
      ),
    ).toEqual([9, 9, 9, 9, 9, 1, 2, 3, 9, 9, 4, 5, 6, 9, 9]);
  });

  it('a negative pad crops', () => {
    const x = put([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(
      get(
        b.pad(
          x,
          [
            [0, -1],
            [-1, 1],
          ],
          0,
        ),
      ),
    ).toEqual([2, 3, 0]);
  });

  it('pads before and crops after in the last dim, and crops a row away entirely', () => {
    const x = put([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(
      get(
        b.pad(
          x,
          [
            [0, 0],
            [2, -1],
          ],
          9,
        ),
      ),
    ).toEqual([9, 9, 1, 2, 9, 9, 4, 5]);
    expect(
      get(
        b.pad(
          x,
          [
            [0, 0],
            [1, -3],
          ],
          9,
        ),
      ),
    ).toEqual([9, 9]);
    expect(
      get(
        b.pad(
          x,
          [
            [0, 0],
            [-3, 1],
          ],
          9,
        ),
      ),
    ).toEqual([9, 9]);
  });

  it('pads and crops an inner dim while the dims after it stay whole (a channel pad of NCHW)', () => {
    const x = put([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    expect(
      get(
        b.pad(
          x,
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
          0,
        ),
      ),
    ).toEqual([0, 0, 1, 2, 3, 4, 0, 0, 5, 6, 7, 8]);
    expect(
      get(
        b.pad(
          x,
          [
            [0, 0],
            [-1, 1],
            [0, 0],
          ],
          9,
        ),
      ),
    ).toEqual([3, 4, 9, 9, 7, 8, 9, 9]);
    expect(
      get(
        b.pad(
          x,
          [
            [0, 0],
            [0, 0],
            [0, 0],
          ],
          9,
        ),
      ),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('spreads rows of one element (the gradient of a strided slice), padding and cropping the dim before', () => {
    const x = put([1, 2, 3, 4, 5, 6], [2, 3, 1]);
    expect(
      get(
        b.pad(
          x,
          [
            [0, 0],
            [0, 0],
            [0, 1],
          ],
          0,
        ),
      ),
    ).toEqual([1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0]);
    expect(
      get(
        b.pad(
          x,
          [
            [0, 0],
            [1, -1],
            [1, 1],
          ],
          9,
        ),
      ),
    ).toEqual([9, 9, 9, 9, 1, 9, 9, 2, 9, 9, 9, 9, 9, 4, 9, 9, 5, 9]);
    expect(
      get(
        b.pad(
          x,
          [
            [1, 0],
            [0, 0],
            [0, 2],
          ],
          7,
        ),
      ),
    ).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 7, 1, 7, 7, 2, 7, 7, 3, 7, 7, 4, 7, 7, 5, 7, 7, 6, 7, 7]);
    expect(
      get(
        b.pad(
          x,
          [
            [0, 0],
            [0, 0],
            [0, -1],
          ],
          0,
        ),
      ),
    ).toEqual([]);
  });

  it('pads size-0 and rank-0 inputs', () => {
    expect(
      get(
        b.pad(
          put([], [0, 2]),
          [
            [1, 0],
            [0, 0],
          ],
          7,
        ),
      ),
    ).toEqual([7, 7]);
    expect(get(b.pad(put([3], []), [], 0))).toEqual([3]);
  });

  it('concatenates along a middle axis, size-0 inputs included', () => {
    const a = put([1, 2, 3, 4], [2, 1, 2]);
    const c = put([5, 6, 7, 8, 9, 10, 11, 12], [2, 2, 2]);
    const empty = put([], [2, 0, 2]);
    expect(get(b.concat([a, empty, c], 1))).toEqual([1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12]);
  });
});

// ---------- matmul ----------

describe('matmul', () => {
  function naive(a: View, c: View): number[] {
    const av = get(b.copy(a));
    const cv = get(b.copy(c));
    const rank = a.shape.length;
    const [m, k] = [a.shape[rank - 2]!, a.shape[rank - 1]!];
    const n = c.shape[rank - 1]!;
    const batch = sizeOf(a.shape.slice(0, rank - 2));
    const out: number[] = [];
    for (let q = 0; q < batch; q++) {
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) s += av[q * m * k + i * k + p]! * cv[q * k * n + p * n + j]!;
          out.push(s);
        }
      }
    }
    return out;
  }

  it.each([
    [1, 1, 1],
    [3, 5, 7],
    [65, 33, 17],
    [70, 300, 130],
    [2, 0, 3],
  ])('multiplies %i×%i by %i-wide matrices like a triple loop', (m, k, n) => {
    const a = put(noise(m * k, 3), [m, k]);
    const c = put(noise(k * n, 4), [k, n]);
    expectClose(get(b.matmul(a, c)), naive(a, c), 1e-12);
  });

  it('reads transposed operands through their strides', () => {
    const aT = permute(put(noise(33 * 65, 5), [33, 65]), [1, 0]);
    const cT = permute(put(noise(17 * 33, 6), [17, 33]), [1, 0]);
    expectClose(get(b.matmul(aT, cT)), naive(aT, cT), 1e-12);
  });

  it('broadcasts a batch dim with stride 0', () => {
    const a = put(noise(3 * 4 * 5, 7), [3, 4, 5]);
    const w = put(noise(5 * 2, 8), [1, 5, 2]);
    const wb: View = { ...w, shape: [3, 5, 2], strides: [0, 2, 1] };
    expectClose(get(b.matmul(a, wb)), naive(a, wb), 1e-12);
  });

  it('handles two batch dims and float32 output', () => {
    const a = put(noise(2 * 3 * 4 * 5, 9), [2, 3, 4, 5], 'float32');
    const c = put(noise(2 * 3 * 5 * 6, 10), [2, 3, 5, 6], 'float32');
    const out = b.matmul(a, c);
    expect(b.readSync!(out)).toBeInstanceOf(Float32Array);
    expectClose(get(out), naive(a, c), 1e-6);
  });
});

// ---------- convolution ----------

interface ConvCase {
  batch: number;
  inChannels: number;
  outChannels: number;
  groups: number;
  inSize: [number, number, number];
  kernel: [number, number, number];
  stride?: [number, number, number];
  dilation?: [number, number, number];
  padBefore?: [number, number, number];
  padAfter?: [number, number, number];
}

function convGeometry(c: ConvCase): ConvGeometry {
  const stride = c.stride ?? [1, 1, 1];
  const dilation = c.dilation ?? [1, 1, 1];
  const padBefore = c.padBefore ?? [0, 0, 0];
  const padAfter = c.padAfter ?? padBefore;
  const outSize = c.inSize.map(
    (n, i) => Math.floor((n + padBefore[i]! + padAfter[i]! - dilation[i]! * (c.kernel[i]! - 1) - 1) / stride[i]!) + 1,
  ) as [number, number, number];
  return { ...c, stride, dilation, padBefore, outSize };
}

/** The 8-deep loop the kernels must agree with. */
function naiveConv(x: number[], w: number[], g: ConvGeometry): number[] {
  const cg = g.inChannels / g.groups;
  const og = g.outChannels / g.groups;
  const xShape = [g.batch, g.inChannels, ...g.inSize];
  const wShape = [g.outChannels, cg, ...g.kernel];
  const out: number[] = [];
  for (let n = 0; n < g.batch; n++)
    for (let o = 0; o < g.outChannels; o++)
      for (let z = 0; z < g.outSize[0]; z++)
        for (let y = 0; y < g.outSize[1]; y++)
          for (let xo = 0; xo < g.outSize[2]; xo++) {
            let s = 0;
            for (let c = 0; c < cg; c++)
              for (let a = 0; a < g.kernel[0]; a++)
                for (let bb = 0; bb < g.kernel[1]; bb++)
                  for (let e = 0; e < g.kernel[2]; e++) {
                    const pos = [
                      z * g.stride[0] - g.padBefore[0] + a * g.dilation[0],
                      y * g.stride[1] - g.padBefore[1] + bb * g.dilation[1],
                      xo * g.stride[2] - g.padBefore[2] + e * g.dilation[2],
                    ];
                    if (pos.some((p, i) => p < 0 || p >= g.inSize[i]!)) continue;
                    const ci = Math.floor(o / og) * cg + c;
                    s += at(x, xShape, [n, ci, ...pos]) * at(w, wShape, [o, c, a, bb, e]);
                  }
            out.push(s);
          }
  return out;
}

const convCases: [string, ConvCase][] = [
  ['1x1 kernel', { batch: 1, inChannels: 1, outChannels: 1, groups: 1, inSize: [1, 1, 1], kernel: [1, 1, 1] }],
  [
    'conv1d, stride 2, padding 1',
    { batch: 2, inChannels: 3, outChannels: 2, groups: 1, inSize: [1, 1, 9], kernel: [1, 1, 3], stride: [1, 1, 2], padBefore: [0, 0, 1] },
  ],
  [
    'conv2d, odd sizes, dilation 2, groups 2',
    { batch: 2, inChannels: 4, outChannels: 6, groups: 2, inSize: [1, 7, 5], kernel: [1, 3, 2], dilation: [1, 2, 1], padBefore: [0, 1, 2] },
  ],
  [
    'conv2d, asymmetric padding (same, even kernel)',
    { batch: 1, inChannels: 2, outChannels: 3, groups: 1, inSize: [1, 5, 6], kernel: [1, 4, 2], padBefore: [0, 1, 0], padAfter: [0, 2, 1] },
  ],
  [
    'conv2d, depthwise, stride 3',
    { batch: 3, inChannels: 3, outChannels: 3, groups: 3, inSize: [1, 8, 7], kernel: [1, 3, 3], stride: [1, 3, 2], padBefore: [0, 1, 1] },
  ],
  [
    'conv3d, stride and padding',
    { batch: 2, inChannels: 2, outChannels: 2, groups: 1, inSize: [4, 5, 3], kernel: [2, 3, 2], stride: [2, 1, 2], padBefore: [1, 1, 0] },
  ],
  ['empty batch', { batch: 0, inChannels: 2, outChannels: 2, groups: 1, inSize: [1, 3, 3], kernel: [1, 2, 2] }],
];

function convInputs(g: ConvGeometry) {
  const xShape = [g.batch, g.inChannels, ...g.inSize];
  const wShape = [g.outChannels, g.inChannels / g.groups, ...g.kernel];
  const yShape = [g.batch, g.outChannels, ...g.outSize];
  const x = noise(sizeOf(xShape), 11);
  const w = noise(sizeOf(wShape), 12);
  const dy = noise(sizeOf(yShape), 13);
  return { x, w, dy, xv: put(x, xShape), wv: put(w, wShape), dyv: put(dy, yShape) };
}

describe('im2col and col2im', () => {
  it.each(convCases)('col2im is the adjoint of im2col (%s)', (_, c) => {
    const g = convGeometry(c);
    const { xv, x } = convInputs(g);
    const taps = sizeOf(g.kernel);
    const colsShape = [g.batch, g.inChannels * taps, sizeOf(g.outSize)];
    const cv = noise(sizeOf(colsShape), 14);
    const cols = get(b.im2col(xv, g));
    const back = get(b.col2im(put(cv, colsShape), g));
    expect(Math.abs(dot(cols, cv) - dot(x, back))).toBeLessThan(1e-10);
  });

  it('lays columns out channel-major with taps in (kd, kh, kw) order and zeros in the padding', () => {
    const g = convGeometry({
      batch: 1,
      inChannels: 1,
      outChannels: 1,
      groups: 1,
      inSize: [1, 2, 2],
      kernel: [1, 2, 2],
      padBefore: [0, 1, 0],
      padAfter: [0, 0, 0],
    });
    // outSize [1, 2, 1]: windows at rows -1 and 0.
    expect(get(b.im2col(put([1, 2, 3, 4], [1, 1, 1, 2, 2]), g))).toEqual([0, 1, 0, 2, 1, 3, 2, 4]);
  });
});

describe('conv', () => {
  it.each(convCases)('matches a direct convolution (%s)', (_, c) => {
    const g = convGeometry(c);
    const { x, w, xv, wv } = convInputs(g);
    expectClose(get(b.conv(xv, wv, g)), naiveConv(x, w, g), 1e-12);
  });

  it.each(convCases)('backward input satisfies <conv(x, w), dy> = <x, dx(dy)> (%s)', (_, c) => {
    const g = convGeometry(c);
    const { x, w, dy, wv, dyv } = convInputs(g);
    const dx = get(b.convBackwardInput(dyv, wv, g));
    expect(Math.abs(dot(naiveConv(x, w, g), dy) - dot(x, dx))).toBeLessThan(1e-10);
  });

  it.each(convCases)('backward weight satisfies <conv(x, w), dy> = <w, dw(x, dy)> (%s)', (_, c) => {
    const g = convGeometry(c);
    const { x, w, dy, xv, dyv } = convInputs(g);
    const dw = get(b.convBackwardWeight(xv, dyv, g));
    expect(Math.abs(dot(naiveConv(x, w, g), dy) - dot(w, dw))).toBeLessThan(1e-10);
  });

  it('backward kernels agree element by element with core’s im2col + matmul defaults', () => {
    const g = convGeometry(convCases[2]![1]);
    const { xv, wv, dyv } = convInputs(g);
    const composite = defaultKernels(b);
    expectClose(get(b.convBackwardInput(dyv, wv, g)), get(composite.convBackwardInput(dyv, wv, g)), 1e-12);
    expectClose(get(b.convBackwardWeight(xv, dyv, g)), get(composite.convBackwardWeight(xv, dyv, g)), 1e-12);
  });

  it('keeps float32 inputs float32', () => {
    const g = convGeometry(convCases[1]![1]);
    const { x, w } = convInputs(g);
    const out = b.conv(
      put(x, [g.batch, g.inChannels, ...g.inSize], 'float32'),
      put(w, [g.outChannels, g.inChannels, ...g.kernel], 'float32'),
      g,
    );
    expect(b.readSync!(out)).toBeInstanceOf(Float32Array);
  });
});

// ---------- pooling ----------

interface PoolCase {
  batch: number;
  channels: number;
  inSize: [number, number];
  kernel: [number, number];
  stride: [number, number];
  padding?: [number, number];
  dilation?: [number, number];
  ceilMode?: boolean;
}

/** PyTorch's pooling output size, including ceilMode's rule that the last window starts inside. */
function poolGeometry(c: PoolCase): PoolGeometry {
  const padding = c.padding ?? [0, 0];
  const dilation = c.dilation ?? [1, 1];
  const outSize = c.inSize.map((n, i) => {
    const span = n + 2 * padding[i]! - dilation[i]! * (c.kernel[i]! - 1) - 1;
    let out = (c.ceilMode ? Math.ceil(span / c.stride[i]!) : Math.floor(span / c.stride[i]!)) + 1;
    if (c.ceilMode && (out - 1) * c.stride[i]! >= n + padding[i]!) out--;
    return out;
  }) as [number, number];
  return { batch: c.batch, channels: c.channels, inSize: c.inSize, kernel: c.kernel, stride: c.stride, padding, dilation, outSize };
}

/** In-range window positions (plane-flat) of output (i, j), in scan order. */
function windowOf(g: PoolGeometry, i: number, j: number): number[] {
  const taps: number[] = [];
  for (let a = 0; a < g.kernel[0]; a++)
    for (let e = 0; e < g.kernel[1]; e++) {
      const y = i * g.stride[0] - g.padding[0] + a * g.dilation[0];
      const x = j * g.stride[1] - g.padding[1] + e * g.dilation[1];
      if (y >= 0 && y < g.inSize[0] && x >= 0 && x < g.inSize[1]) taps.push(y * g.inSize[1] + x);
    }
  return taps;
}

describe('maxPool2d', () => {
  it('returns the first maximum on ties', () => {
    const g = poolGeometry({ batch: 1, channels: 1, inSize: [2, 4], kernel: [2, 2], stride: [2, 2] });
    const { out, argmax } = b.maxPool2d(put([5, 1, 2, 7, 3, 5, 7, 7], [1, 1, 2, 4]), g);
    expect(get(out)).toEqual([5, 7]);
    expect(get(argmax)).toEqual([0, 3]);
  });

  it('skips padding instead of reading it as 0 or -inf', () => {
    const g = poolGeometry({ batch: 1, channels: 1, inSize: [2, 2], kernel: [2, 2], stride: [1, 1], padding: [1, 1] });
    const { out, argmax } = b.maxPool2d(put([-4, -3, -2, -1], [1, 1, 2, 2]), g);
    expect(get(out)).toEqual([-4, -3, -3, -2, -1, -1, -2, -1, -1]);
    expect(get(argmax)).toEqual([0, 1, 1, 2, 3, 3, 2, 3, 3]);
    const { argmax: allInf } = b.maxPool2d(put([-Infinity, -Infinity, -Infinity, -Infinity], [1, 1, 2, 2]), g);
    expect(get(allInf)[4]).toBe(0);
  });

  it('lets NaN win', () => {
    const g = poolGeometry({ batch: 1, channels: 1, inSize: [1, 3], kernel: [1, 3], stride: [1, 1] });
    const { out, argmax } = b.maxPool2d(put([1, NaN, 9], [1, 1, 1, 3]), g);
    expect(get(out)).toEqual([NaN]);
    expect(get(argmax)).toEqual([1]);
  });

  it('matches brute force with dilation, padding and ceilMode, and its backward adds into overlaps', () => {
    const g = poolGeometry({
      batch: 2,
      channels: 3,
      inSize: [7, 6],
      kernel: [3, 2],
      stride: [2, 1],
      padding: [1, 1],
      dilation: [2, 1],
      ceilMode: true,
    });
    const planeIn = 42;
    const x = noise(2 * 3 * planeIn, 15);
    const { out, argmax } = b.maxPool2d(put(x, [2, 3, 7, 6]), g);
    const expectedOut: number[] = [];
    const expectedArg: number[] = [];
    for (let p = 0; p < 6; p++)
      for (let i = 0; i < g.outSize[0]; i++)
        for (let j = 0; j < g.outSize[1]; j++) {
          const taps = windowOf(g, i, j);
          const best = taps.reduce((t, u) => (x[p * planeIn + u]! > x[p * planeIn + t]! ? u : t));
          expectedOut.push(x[p * planeIn + best]!);
          expectedArg.push(best);
        }
    expect(get(out)).toEqual(expectedOut);
    expect(get(argmax)).toEqual(expectedArg);

    const dy = noise(expectedOut.length, 16);
    const dx = new Array<number>(x.length).fill(0);
    const planeOut = g.outSize[0] * g.outSize[1];
    dy.forEach((v, o) => {
      const i = Math.floor(o / planeOut) * planeIn + expectedArg[o]!;
      dx[i] = dx[i]! + v;
    });
    const outShape = [2, 3, ...g.outSize];
    expectClose(get(b.maxPool2dBackward(put(dy, outShape), put(expectedArg, outShape, 'int32'), g)), dx, 1e-15);
  });
});

describe('avgPool2d', () => {
  /** PyTorch's avg_pool2d written out: divisor from the padded-and-clipped window. */
  function bruteAvg(x: number[], g: PoolGeometry, opts: AvgPoolOptions): number[] {
    const [h, w] = g.inSize;
    const out: number[] = [];
    for (let p = 0; p < g.batch * g.channels; p++)
      for (let i = 0; i < g.outSize[0]; i++)
        for (let j = 0; j < g.outSize[1]; j++) {
          const h0 = i * g.stride[0] - g.padding[0];
          const w0 = j * g.stride[1] - g.padding[1];
          const h1 = Math.min(h0 + g.kernel[0], h + g.padding[0]);
          const w1 = Math.min(w0 + g.kernel[1], w + g.padding[1]);
          const poolSize = (h1 - h0) * (w1 - w0);
          const [ch0, cw0, ch1, cw1] = [Math.max(h0, 0), Math.max(w0, 0), Math.min(h1, h), Math.min(w1, w)];
          let sum = 0;
          for (let y = ch0; y < ch1; y++) for (let xx = cw0; xx < cw1; xx++) sum += x[p * h * w + y * w + xx]!;
          const divisor = opts.divisorOverride ?? (opts.countIncludePad ? poolSize : (ch1 - ch0) * (cw1 - cw0));
          out.push(sum / divisor);
        }
    return out;
  }

  const cases: [string, PoolCase, AvgPoolOptions][] = [
    ['plain', { batch: 1, channels: 2, inSize: [4, 6], kernel: [2, 3], stride: [2, 3] }, { countIncludePad: true }],
    [
      'padding counted',
      { batch: 2, channels: 1, inSize: [5, 5], kernel: [3, 3], stride: [2, 2], padding: [1, 1] },
      { countIncludePad: true },
    ],
    [
      'padding not counted',
      { batch: 2, channels: 1, inSize: [5, 5], kernel: [3, 3], stride: [2, 2], padding: [1, 1] },
      { countIncludePad: false },
    ],
    [
      'ceilMode overhang, padding counted',
      { batch: 1, channels: 3, inSize: [6, 7], kernel: [3, 2], stride: [2, 2], padding: [1, 0], ceilMode: true },
      { countIncludePad: true },
    ],
    [
      'ceilMode overhang, padding not counted',
      { batch: 1, channels: 3, inSize: [6, 7], kernel: [3, 2], stride: [2, 2], padding: [1, 0], ceilMode: true },
      { countIncludePad: false },
    ],
    [
      'divisorOverride',
      { batch: 1, channels: 1, inSize: [5, 4], kernel: [2, 2], stride: [1, 2], padding: [1, 1], ceilMode: true },
      { countIncludePad: false, divisorOverride: 3 },
    ],
  ];

  it.each(cases)('matches brute force (%s)', (_, c, opts) => {
    const g = poolGeometry(c);
    const x = noise(c.batch * c.channels * c.inSize[0] * c.inSize[1], 17);
    expectClose(get(b.avgPool2d(put(x, [c.batch, c.channels, ...c.inSize]), g, opts)), bruteAvg(x, g, opts), 1e-12);
  });

  it.each(cases)('backward is the adjoint of the forward (%s)', (_, c, opts) => {
    const g = poolGeometry(c);
    const x = noise(c.batch * c.channels * c.inSize[0] * c.inSize[1], 18);
    const dy = noise(c.batch * c.channels * g.outSize[0] * g.outSize[1], 19);
    const dx = get(b.avgPool2dBackward(put(dy, [c.batch, c.channels, ...g.outSize]), g, opts));
    expect(Math.abs(dot(bruteAvg(x, g, opts), dy) - dot(x, dx))).toBeLessThan(1e-12);
  });
});

// ---------- softmax ----------

describe('softmax', () => {
  const shape = [2, 3, 4];
  const x = noise(24, 20).map((v) => v * 50 + 700); // large values: exp would overflow unshifted

  function naiveSoftmax(axis: number): number[] {
    return x.map((_, i) => {
      const idx = unravel(i, shape);
      const line = Array.from({ length: shape[axis]! }, (_, k) =>
        at(
          x,
          shape,
          idx.map((v, d) => (d === axis ? k : v)),
        ),
      );
      const max = Math.max(...line);
      return Math.exp(x[i]! - max) / line.reduce((s, v) => s + Math.exp(v - max), 0);
    });
  }

  it.each([0, 1, 2])('softmax along axis %i matches the max-shifted formula', (axis) => {
    expectClose(get(b.softmax(put(x, shape), axis)), naiveSoftmax(axis), 1e-12);
  });

  it.each([0, 1, 2])('logSoftmax along axis %i is the log of softmax', (axis) => {
    expectClose(get(b.logSoftmax(put(x, shape), axis)), naiveSoftmax(axis).map(Math.log), 1e-12);
  });
});

// ---------- random ----------

describe('random', () => {
  it('the same seed gives the same values, another seed others', () => {
    const a = get(b.random(100, { distribution: 'uniform', seed: 7 }, 'float32'));
    expect(get(b.random(100, { distribution: 'uniform', seed: 7 }, 'float32'))).toEqual(a);
    expect(get(b.random(100, { distribution: 'uniform', seed: 8 }, 'float32'))).not.toEqual(a);
    expect(a[5]).toBe(Math.fround(uniformAt(7, 5)));
  });

  it('uniform has mean 1/2 on [0, 1) and normal has mean 0 and variance 1', () => {
    const n = 100000;
    const u = get(b.random(n, { distribution: 'uniform', seed: 1 }, 'float64'));
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(Math.abs(u.reduce((s, v) => s + v, 0) / n - 0.5)).toBeLessThan(0.01);
    const z = get(b.random(n, { distribution: 'normal', seed: 2 }, 'float64'));
    const mean = z.reduce((s, v) => s + v, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(z.reduce((s, v) => s + (v - mean) ** 2, 0) / n - 1)).toBeLessThan(0.02);
  });
});
