import { describe, expect, it } from 'vitest';
import type { DType, Shape } from '@stride/core-tensor';
import {
  broadcastView,
  contiguousStrides,
  defaultKernels,
  uniformAt,
  type AdamUpdate,
  type BinaryOp,
  type DataId,
  type Dense,
  type PoolGeometry,
  type SgdUpdate,
  type View,
} from '@stride/core-tensor/backend';
import { cpu } from '../src/index.js';

// The float32 row loops, buffer reuse and fused kernels against plain arithmetic and against
// core's defaults (the composition of required kernels every other backend runs).
const b = cpu({ threads: 1 });
const defaults = defaultKernels(b);

function put(values: ArrayLike<number>, shape: Shape, dtype: DType = 'float32'): View {
  const array = dtype === 'float32' ? Float32Array.from(values) : dtype === 'int32' ? Int32Array.from(values) : Float64Array.from(values);
  return { id: b.write(array), shape, dtype, strides: contiguousStrides(shape), offset: 0 };
}
const get = (id: DataId) => b.readSync!(id);
const bits = (id: DataId) => Array.from(new Int32Array(Float32Array.from(get(id)).buffer));
/** Signed noise with zeros, NaN, ±Infinity and −0 mixed in. */
function noise(n: number, seed: number): number[] {
  const specials = [0, -0, NaN, Infinity, -Infinity];
  return Array.from({ length: n }, (_, i) => (i % 11 === 3 ? specials[(i + seed) % specials.length]! : 2 * uniformAt(seed, i) - 1));
}
/** Element i of a view, by its strides. */
function element(values: ArrayLike<number>, v: View, i: number): number {
  let at = v.offset;
  for (let d = v.shape.length - 1; d >= 0; d--) {
    at += (i % v.shape[d]!) * v.strides[d]!;
    i = Math.floor(i / v.shape[d]!);
  }
  return values[at]!;
}
const f = Math.fround;

describe('float32 elementwise fast paths', () => {
  const shape = [3, 5, 7];
  const x = put(noise(105, 1), shape);
  const xs = get(x.id);
  // A transposed view and a per-channel broadcast (bias-like [5, 1]) and a scalar.
  const xt: View = { ...put(noise(105, 2), [7, 5, 3]), shape, strides: [1, 3, 15] };
  const xtValues = get(xt.id);
  const channel = broadcastView(put(noise(5, 3), [5, 1]), shape);
  const channelValues = get(channel.id);
  const scalar = broadcastView(put([0.25], []), shape);

  const xd = put(noise(105, 6), shape);
  const cases: [string, View, ArrayLike<number>][] = [
    ['a dense operand', xd, get(xd.id)],
    ['a transposed view', xt, xtValues],
    ['a channel broadcast', channel, channelValues],
    ['a scalar', scalar, [0.25]],
  ];
  const arithmetic: Record<string, (p: number, q: number) => number> = {
    add: (p, q) => p + q,
    sub: (p, q) => p - q,
    mul: (p, q) => p * q,
    div: (p, q) => p / q,
  };
  const comparisons: Record<string, (p: number, q: number) => boolean> = {
    gt: (p, q) => p > q,
    ge: (p, q) => p >= q,
    lt: (p, q) => p < q,
    le: (p, q) => p <= q,
    eq: (p, q) => p === q,
    ne: (p, q) => p !== q,
  };

  for (const [name, other, otherValues] of cases) {
    it(`arithmetic with ${name} rounds each result to float32`, () => {
      for (const [op, fn] of Object.entries(arithmetic)) {
        const got = Array.from(get(b.binary(op as BinaryOp, x, other, 'float32')));
        const want = Array.from({ length: 105 }, (_, i) => f(fn(xs[i]!, element(otherValues, other, i))));
        expect(got, op).toEqual(want);
      }
    });
    it(`comparisons with ${name} write 0/1 int32`, () => {
      for (const [op, fn] of Object.entries(comparisons)) {
        const out = get(b.binary(op as BinaryOp, other, x, 'int32'));
        expect(out).toBeInstanceOf(Int32Array);
        expect(Array.from(out), op).toEqual(Array.from({ length: 105 }, (_, i) => +fn(element(otherValues, other, i), xs[i]!)));
      }
    });
  }

  it('relu keeps NaN and positive values bit for bit and zeroes the rest (−0 and −Infinity too)', () => {
    const got = bits(b.unary('relu', xt));
    const want = Array.from({ length: 105 }, (_, i) => {
      const v = element(xtValues, xt, i);
      return v > 0 || Number.isNaN(v) ? v : 0;
    });
    expect(got).toEqual(Array.from(new Int32Array(Float32Array.from(want).buffer)));
  });

  it('where picks bits by an int32 or a float32 condition, over broadcast and strided operands', () => {
    const condInt = put(
      Array.from({ length: 105 }, (_, i) => (i % 3) - 1),
      shape,
      'int32',
    );
    const condFloat = put(noise(105, 7), shape);
    for (const cond of [condInt, condFloat]) {
      const c = get(cond.id);
      const got = bits(b.where(cond, xt, channel));
      const want = Array.from({ length: 105 }, (_, i) => (c[i] !== 0 ? element(xtValues, xt, i) : element(channelValues, channel, i)));
      expect(got).toEqual(Array.from(new Int32Array(Float32Array.from(want).buffer)));
    }
  });

  it('where over int32 data keeps the integers', () => {
    const cond = put([1, 0, 1, 0], [4], 'int32');
    expect(Array.from(get(b.where(cond, put([1, 2, 3, 4], [4], 'int32'), put([-1, -2, -3, -4], [4], 'int32'))))).toEqual([1, -2, 3, -4]);
  });

  it('reluBackward equals core’s where(x > 0, dy, 0) on strided views', () => {
    const dy = put(noise(105, 9), shape);
    expect(bits(b.reluBackward(xt, dy))).toEqual(bits(defaults.reluBackward(xt, dy)));
    expect(bits(b.reluBackward(x, channel))).toEqual(bits(defaults.reluBackward(x, channel)));
  });

  it('a disposed output buffer is reused with its old contents fully overwritten', () => {
    const n = 1 << 15;
    const big = put(noise(n, 4), [n]);
    const first = b.unary('neg', big);
    b.disposeData(first);
    const zeros = b.fill(n, 0, 'float32');
    expect(get(zeros).every((v) => v === 0)).toBe(true);
    b.disposeData(zeros);
    const filled = b.fill(n, 2, 'float32');
    b.disposeData(filled);
    const products = b.binary('mul', big, broadcastView(put([0], []), [n]), 'float32');
    const want = Array.from(get(big.id), (v) => f(v * 0));
    expect(Array.from(get(products))).toEqual(want);
  });
});

describe('float32 sum and max', () => {
  it('equal the float64 path rounded once (same order, double accumulator) over axes of a permuted view', () => {
    const values = noise(2 * 3 * 4 * 5, 8).map((v) => (Number.isFinite(v) ? v : 0.5));
    const base32 = put(values, [2, 3, 4, 5]);
    const base64 = put(values, [2, 3, 4, 5], 'float64');
    const permuted = (v: View): View => ({ ...v, shape: [5, 3, 2, 4], strides: [1, 20, 60, 5] });
    for (const axes of [[], [0], [1], [3], [0, 2], [1, 3], [0, 2, 3], [0, 1, 2, 3]]) {
      for (const op of ['sum', 'max'] as const) {
        const got = get(b.reduce(op, permuted(base32), axes));
        expect(got).toBeInstanceOf(Float32Array);
        expect(Array.from(got), `${op} ${axes}`).toEqual(Array.from(get(b.reduce(op, permuted(base64), axes)), f));
      }
    }
  });

  it('max propagates NaN and an empty reduction gives the identity', () => {
    expect(Array.from(get(b.reduce('max', put([1, NaN, 3], [3]), [0])))).toEqual([NaN]);
    expect(Array.from(get(b.reduce('sum', put([], [2, 0]), [1])))).toEqual([0, 0]);
    expect(Array.from(get(b.reduce('max', put([], [2, 0]), [1])))).toEqual([-Infinity, -Infinity]);
  });
});

describe('float32 max-pool', () => {
  it('matches the general scan: ties to the first, NaN wins, padding, dilation, overhang', () => {
    // Few distinct levels make ties common.
    const values = Array.from({ length: 2 * 3 * 7 * 6 }, (_, i) => (i % 17 === 5 ? NaN : Math.round(4 * uniformAt(3, i)) - 2));
    const g: PoolGeometry = {
      batch: 2,
      channels: 3,
      inSize: [7, 6],
      kernel: [3, 2],
      stride: [2, 1],
      padding: [1, 1],
      dilation: [1, 2],
      outSize: [4, 6],
    };
    const got = b.maxPool2d(put(values, [2, 3, 7, 6]), g);
    const want = b.maxPool2d(put(values, [2, 3, 7, 6], 'float64'), g);
    expect(Array.from(get(got.out))).toEqual(Array.from(get(want.out)));
    expect(Array.from(get(got.argmax))).toEqual(Array.from(get(want.argmax)));
    const dy = noise(2 * 3 * 4 * 6, 5).map((v) => (Number.isFinite(v) ? v : 1));
    const dx = b.maxPool2dBackward(put(dy, [2, 3, 4, 6]), { id: got.argmax, shape: [2, 3, 4, 6], dtype: 'int32' }, g);
    const dx64 = b.maxPool2dBackward(put(dy, [2, 3, 4, 6], 'float64'), { id: want.argmax, shape: [2, 3, 4, 6], dtype: 'int32' }, g);
    expect(Array.from(get(dx))).toEqual(Array.from(get(dx64), f));
  });
});

describe('fused optimizer steps', () => {
  const n = 37;
  const dense = (seed: number, dtype: DType = 'float32'): Dense =>
    put(
      noise(n, seed).map((v) => (Number.isFinite(v) ? v : 0.5)),
      [n],
      dtype,
    );
  const sameBits = (got: DataId | null, want: DataId | null) => {
    expect(got === null).toBe(want === null);
    if (got && want) expect(bits(got)).toEqual(bits(want));
  };

  const sgdCases: SgdUpdate[] = [
    { lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 },
    { lr: 0.01, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0 },
    { lr: 0.03, momentum: 0.9, dampening: 0.1, nesterov: false, weightDecay: 1e-3 },
    { lr: 0.05, momentum: 0.8, dampening: 0, nesterov: true, weightDecay: 5e-4 },
  ];
  for (const h of sgdCases) {
    it(`SGD ${JSON.stringify(h)} gives core's bits on the first and a later step`, () => {
      const [p, g, buf] = [dense(1), dense(2), dense(3)];
      for (const momentumBuffer of [null, buf]) {
        const got = b.sgdUpdate(p, g, momentumBuffer, h);
        const want = defaults.sgdUpdate(p, g, momentumBuffer, h);
        sameBits(got.param, want.param);
        sameBits(got.momentumBuffer, want.momentumBuffer);
      }
    });
  }

  const adamCases: AdamUpdate[] = [
    { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupledWeightDecay: false, step: 1 },
    { lr: 3e-3, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1, decoupledWeightDecay: false, step: 7 },
    { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-2, decoupledWeightDecay: true, step: 3 },
  ];
  for (const h of adamCases) {
    for (const amsgrad of [false, true]) {
      it(`Adam ${JSON.stringify(h)}${amsgrad ? ' amsgrad' : ''} gives core's bits`, () => {
        const [p, g, m, v] = [
          dense(1),
          dense(2),
          dense(3),
          put(
            noise(n, 4).map((x) => (Number.isFinite(x) ? x * x : 0.25)),
            [n],
          ),
        ];
        const max = amsgrad
          ? put(
              noise(n, 5).map((x) => (Number.isFinite(x) ? x * x : 0)),
              [n],
            )
          : null;
        const got = b.adamUpdate(p, g, m, v, max, h);
        const want = defaults.adamUpdate(p, g, m, v, max, h);
        for (const key of ['param', 'expAvg', 'expAvgSq', 'maxExpAvgSq'] as const) sameBits(got[key], want[key]);
      });
    }
  }

  it('float64 parameters take the composed path', () => {
    const h = adamCases[1]!;
    const [p, g, m, v] = [dense(1, 'float64'), dense(2, 'float64'), dense(3, 'float64'), dense(4, 'float64')];
    const got = b.adamUpdate(p, g, m, v, null, h);
    expect(get(got.param)).toBeInstanceOf(Float64Array);
    expect(Array.from(get(got.param))).toEqual(Array.from(get(defaults.adamUpdate(p, g, m, v, null, h).param)));
  });
});
