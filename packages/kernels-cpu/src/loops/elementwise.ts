import type { DType, TypedArray } from '@stride/core-tensor';
import {
  sizeOf,
  type BinaryOp,
  type DataId,
  type OptionalKernels,
  type RequiredKernels,
  type UnaryOp,
  type View,
} from '@stride/core-tensor/backend';
import { erf } from './erf.js';
import { store, uninitialized, valuesOf, zeroed } from '../storage.js';
import { rows } from './strided.js';
import { binaryRow, copyRow, unaryRow, whereRow } from './elementwise-rows.js';
import { binaryRowF32, compareRowF32, reluBackwardRowF32, unaryRowF32, whereRowF32, whereRowI32 } from './elementwise-f32.js';

type Unary = (x: number) => number;
type Binary = (a: number, b: number) => number;

const unaryOps: Record<UnaryOp, Unary> = {
  neg: (x) => -x,
  abs: Math.abs,
  // PyTorch: sign(NaN) = 0, sign(±0) = 0.
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  reciprocal: (x) => 1 / x,
  square: (x) => x * x,
  relu: (x) => (x > 0 || Number.isNaN(x) ? x : 0),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
  erf,
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfToEven,
  sin: Math.sin,
  cos: Math.cos,
};

const binaryOps: Record<BinaryOp, Binary> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  // Math.max/min propagate NaN, as torch.maximum/minimum do.
  maximum: Math.max,
  minimum: Math.min,
  eq: (a, b) => +(a === b),
  ne: (a, b) => +(a !== b),
  lt: (a, b) => +(a < b),
  le: (a, b) => +(a <= b),
  gt: (a, b) => +(a > b),
  ge: (a, b) => +(a >= b),
};

/**
 * int32 results wrap like int32: storing into an Int32Array wraps any exact double, so only
 * products, which can leave the exact range, need Math.imul.
 */
const int32Unary: Partial<Record<UnaryOp, Unary>> = { square: (x) => Math.imul(x, x) };
const int32Binary: Partial<Record<BinaryOp, Binary>> = { mul: Math.imul };

export function elementwiseKernels(): Pick<RequiredKernels, 'copy' | 'fill' | 'unary' | 'binary' | 'where' | 'cast'> &
  Pick<OptionalKernels, 'reluBackward'> {
  return {
    copy: (x) => copyOf(x, x.dtype),
    cast: (x, dtype) => copyOf(x, dtype),
    fill(size, value, dtype) {
      return store(value === 0 ? zeroed(dtype, size) : uninitialized(dtype, size).fill(value));
    },
    unary(op, x) {
      if (x.dtype === 'float32' && unaryRowF32(op, F32_EMPTY, I32_EMPTY, 0, 0, F32_EMPTY, I32_EMPTY, 0, 0)) {
        const src = valuesOf(x.id) as Float32Array;
        const srcBits = bitsOf(src);
        return walkF32([x], 'float32', (out, at, n, [xi], [xs]) =>
          unaryRowF32(op, out as Float32Array, bitsOf(out), at, n, src, srcBits, xi!, xs!),
        );
      }
      if (x.dtype === 'int32' && int32Unary[op]) return map([x], x.dtype, int32Unary[op]);
      return (
        mapRows([x], x.dtype, (out, at, n, [xs], [xi], [xst]) => unaryRow(op, out, at, n, xs!, xi!, xst!)) ??
        map([x], x.dtype, unaryOps[op])
      );
    },
    binary(op, a, b, outDtype) {
      if (a.dtype === 'float32' && b.dtype === 'float32') {
        const [x, y] = [valuesOf(a.id) as Float32Array, valuesOf(b.id) as Float32Array];
        if (outDtype === 'float32' && binaryRowF32(op, F32_EMPTY, 0, 0, F32_EMPTY, 0, 0, F32_EMPTY, 0, 0)) {
          return walkF32([a, b], outDtype, (out, at, n, [xi, yi], [xs, ys]) =>
            binaryRowF32(op, out as Float32Array, at, n, x, xi!, xs!, y, yi!, ys!),
          );
        }
        if (outDtype === 'int32' && compareRowF32(op, I32_EMPTY, 0, 0, F32_EMPTY, 0, 0, F32_EMPTY, 0, 0)) {
          return walkF32([a, b], outDtype, (out, at, n, [xi, yi], [xs, ys]) =>
            compareRowF32(op, out as Int32Array, at, n, x, xi!, xs!, y, yi!, ys!),
          );
        }
      }
      if (a.dtype === 'int32' && int32Binary[op]) return map([a, b], outDtype, int32Binary[op]);
      return (
        mapRows([a, b], outDtype, (out, at, n, [xs, ys], [xi, yi], [xst, yst]) =>
          binaryRow(op, out, at, n, xs!, xi!, xst!, ys!, yi!, yst!),
        ) ?? map([a, b], outDtype, binaryOps[op])
      );
    },
    where(cond, a, b) {
      if (a.dtype !== 'float64' && cond.dtype !== 'float64') {
        const [x, y] = [bitsOf(valuesOf(a.id) as Float32Array | Int32Array), bitsOf(valuesOf(b.id) as Float32Array | Int32Array)];
        const c = valuesOf(cond.id);
        return walkF32([cond, a, b], a.dtype, (out, at, n, [ci, xi, yi], [cs, xs, ys]) => {
          if (c instanceof Int32Array) whereRowI32(bitsOf(out), at, n, c, ci!, cs!, x, xi!, xs!, y, yi!, ys!);
          else whereRowF32(bitsOf(out), at, n, c as Float32Array, ci!, cs!, x, xi!, xs!, y, yi!, ys!);
          return true;
        });
      }
      return mapRows([cond, a, b], a.dtype, (out, at, n, [cs, xs, ys], [ci, xi, yi], [cst, xst, yst]) =>
        whereRow(out, at, n, cs!, ci!, cst!, xs!, xi!, xst!, ys!, yi!, yst!),
      )!;
    },
    reluBackward(x, dy) {
      if (x.dtype === 'float32' && dy.dtype === 'float32') {
        const [xv, dv] = [valuesOf(x.id) as Float32Array, bitsOf(valuesOf(dy.id) as Float32Array)];
        return walkF32([x, dy], 'float32', (out, at, n, [xi, di], [xs, ds]) => {
          reluBackwardRowF32(bitsOf(out), at, n, xv, xi!, xs!, dv, di!, ds!);
          return true;
        });
      }
      return mapRows([x, dy], dy.dtype, (out, at, n, [xs, ds], [xi, di], [xst, dst]) => {
        for (let j = 0; j < n; j++) out[at + j] = xs![xi! + j * xst!]! > 0 ? ds![di! + j * dst!]! : 0;
        return true;
      })!;
    },
  };
}

const F32_EMPTY = new Float32Array(0);
const I32_EMPTY = new Int32Array(0);

/** The same memory as 32-bit integers, for loops that move float bits without touching them. */
function bitsOf(values: TypedArray): Int32Array {
  return values instanceof Int32Array ? values : new Int32Array(values.buffer, values.byteOffset, values.length);
}

type F32Row = (out: TypedArray, at: number, n: number, starts: readonly number[], steps: readonly number[]) => boolean;

/** Walks the rows of views of one shape into a new dense `dtype` array; the row loops fetch their own sources. */
function walkF32(operands: readonly View[], dtype: DType, row: F32Row): DataId {
  const shape = operands[0]!.shape;
  const out = uninitialized(dtype, sizeOf(shape));
  const walk = rows(shape, operands);
  const steps = walk.steps;
  walk.forEach((start, bases) => void row(out, start, walk.length, bases, steps));
  return store(out);
}

function copyOf(x: View, dtype: DType): DataId {
  return mapRows([x], dtype, (out, at, n, [xs], [xi], [xst]) => copyRow(out, at, n, xs!, xi!, xst!))!;
}

/** out[i] = f(operands[0][i], operands[1][i], …) over views of one shape; out is dense. */
function map(operands: readonly View[], dtype: DType, f: Unary | Binary): DataId {
  const shape = operands[0]!.shape;
  const out = uninitialized(dtype, sizeOf(shape));
  const srcs = operands.map((v) => valuesOf(v.id));
  const walk = rows(shape, operands);
  const n = walk.length;
  const [s0, s1] = walk.steps as [number, number?];
  // One loop per arity keeps the inner loop free of array spreads.
  if (operands.length === 1) {
    const [x] = srcs as [TypedArray];
    const g = f as Unary;
    walk.forEach((start, [b0]) => {
      for (let j = 0; j < n; j++) out[start + j] = g(x[b0! + j * s0]!);
    });
  } else {
    const [x, y] = srcs as [TypedArray, TypedArray];
    const g = f as Binary;
    walk.forEach((start, [b0, b1]) => {
      for (let j = 0; j < n; j++) out[start + j] = g(x[b0! + j * s0]!, y[b1! + j * s1!]!);
    });
  }
  return store(out);
}

type RowLoop = (out: TypedArray, at: number, n: number, srcs: TypedArray[], starts: number[], steps: number[]) => boolean;

/** Like `map`, with a written-out loop per row; undefined where `row` has no loop for the op. */
function mapRows(operands: readonly View[], dtype: DType, row: RowLoop): DataId | undefined {
  const shape = operands[0]!.shape;
  const out = uninitialized(dtype, sizeOf(shape));
  const srcs = operands.map((v) => valuesOf(v.id));
  const walk = rows(shape, operands);
  const steps = walk.steps as number[];
  let supported = true;
  walk.forEach((start, bases) => {
    if (supported) supported = row(out, start, walk.length, srcs, bases as number[], steps);
  });
  return supported ? store(out) : undefined;
}

/** PyTorch rounds halves to the nearest even integer; Math.round rounds them up (and keeps -0). */
function roundHalfToEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
