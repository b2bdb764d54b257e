import type { TypedArray } from '@stride/core-tensor';
import type { BinaryOp, UnaryOp } from '@stride/core-tensor/backend';

/**
 * Row loops with the op written out in each, so every loop body is monomorphic and V8 compiles
 * it to straight arithmetic; a shared loop calling `f(x, y)` per element cannot be inlined
 * once it has seen several ops. Returns false for ops without a written-out loop. Operands come
 * as flat (array, start, step) arguments, the same list in every loop: an object per operand
 * would be allocated for every row.
 */
export function binaryRow(
  op: BinaryOp,
  out: TypedArray,
  at: number,
  n: number,
  x: TypedArray,
  xi: number,
  xs: number,
  y: TypedArray,
  yi: number,
  ys: number,
): boolean {
  switch (op) {
    case 'add':
      for (let j = 0; j < n; j++) out[at + j] = x[xi + j * xs]! + y[yi + j * ys]!;
      return true;
    case 'sub':
      for (let j = 0; j < n; j++) out[at + j] = x[xi + j * xs]! - y[yi + j * ys]!;
      return true;
    case 'mul':
      for (let j = 0; j < n; j++) out[at + j] = x[xi + j * xs]! * y[yi + j * ys]!;
      return true;
    case 'div':
      for (let j = 0; j < n; j++) out[at + j] = x[xi + j * xs]! / y[yi + j * ys]!;
      return true;
    case 'gt':
      for (let j = 0; j < n; j++) out[at + j] = x[xi + j * xs]! > y[yi + j * ys]! ? 1 : 0;
      return true;
    case 'lt':
      for (let j = 0; j < n; j++) out[at + j] = x[xi + j * xs]! < y[yi + j * ys]! ? 1 : 0;
      return true;
    case 'eq':
      for (let j = 0; j < n; j++) out[at + j] = x[xi + j * xs]! === y[yi + j * ys]! ? 1 : 0;
      return true;
    case 'ne':
      for (let j = 0; j < n; j++) out[at + j] = x[xi + j * xs]! !== y[yi + j * ys]! ? 1 : 0;
      return true;
    default:
      return false;
  }
}

export function unaryRow(op: UnaryOp, out: TypedArray, at: number, n: number, x: TypedArray, xi: number, xs: number): boolean {
  switch (op) {
    case 'neg':
      for (let j = 0; j < n; j++) out[at + j] = -x[xi + j * xs]!;
      return true;
    case 'relu':
      for (let j = 0; j < n; j++) {
        const v = x[xi + j * xs]!;
        out[at + j] = v > 0 || Number.isNaN(v) ? v : 0;
      }
      return true;
    case 'exp':
      for (let j = 0; j < n; j++) out[at + j] = Math.exp(x[xi + j * xs]!);
      return true;
    case 'square':
      for (let j = 0; j < n; j++) {
        const v = x[xi + j * xs]!;
        out[at + j] = v * v;
      }
      return true;
    default:
      return false;
  }
}

export function whereRow(
  out: TypedArray,
  at: number,
  n: number,
  c: TypedArray,
  ci: number,
  cs: number,
  x: TypedArray,
  xi: number,
  xs: number,
  y: TypedArray,
  yi: number,
  ys: number,
): boolean {
  for (let j = 0; j < n; j++) out[at + j] = c[ci + j * cs] !== 0 ? x[xi + j * xs]! : y[yi + j * ys]!;
  return true;
}

/**
 * A row copied (and converted to `out`'s type, as typed-array stores do): a block copy where the
 * row is contiguous, a fill where it repeats one element (an expanded scalar, as the gradient
 * of a sum arrives).
 */
export function copyRow(out: TypedArray, at: number, n: number, x: TypedArray, xi: number, xs: number): boolean {
  if (xs === 1) out.set(x.subarray(xi, xi + n), at);
  else if (xs === 0) out.fill(x[xi]!, at, at + n);
  else for (let j = 0; j < n; j++) out[at + j] = x[xi + j * xs]!;
  return true;
}
