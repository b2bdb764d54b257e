import type { BinaryOp, UnaryOp } from '@stride/core-tensor/backend';

/*
 * Row loops for 4-byte element types, each only ever called with the array types in its
 * signature, so V8 compiles every access as one element kind (a loop shared by Float32Array,
 * Int32Array and Float64Array goes polymorphic and ran ~10× slower). Selections (relu, where,
 * comparisons) are branch-free: on a random mix of signs a branch per element mispredicts
 * half the time, which cost ~10 ns an element, ten times the arithmetic. They pick bits
 * through Int32Array views of the float data, so values (NaN payloads, −0) pass unchanged.
 * Steps are 1 along a row, or 0 for a broadcast operand.
 */

/**
 * Returns false for ops without a float32 loop here. Both operands dense along the row, and a
 * broadcast right operand (bias, scalar), get loops without index arithmetic.
 */
export function binaryRowF32(
  op: BinaryOp,
  out: Float32Array,
  at: number,
  n: number,
  x: Float32Array,
  xi: number,
  xs: number,
  y: Float32Array,
  yi: number,
  ys: number,
): boolean {
  const dense = xs === 1 && ys === 1;
  const c = ys === 0 && n > 0 ? y[yi]! : 0;
  switch (op) {
    case 'add':
      if (dense) for (let j = 0; j < n; j++) out[at + j] = x[xi + j]! + y[yi + j]!;
      else if (ys === 0) for (let j = 0; j < n; j++) out[at + j] = x[xi + j * xs]! + c;
      else for (let j = 0; j < n; j++) out[at + j] = x[xi + j * xs]! + y[yi + j * ys]!;
      return true;
    case 'sub':
      if (dense) for (let j = 0; j < n; j++) out[at + j] = x[xi + j]! - y[yi + j]!;
      else if (ys === 0) for (let j = 0; j < n; j++) out[at + j] = x[xi + j * xs]! - c;
      else for (let j = 0; j < n; j++) out[at + j] = x[xi + j * xs]! - y[yi + j * ys]!;
      return true;
    case 'mul':
      if (dense) for (let j = 0; j < n; j++) out[at + j] = x[xi + j]! * y[yi + j]!;
      else if (ys === 0) for (let j = 0; j < n; j++) out[at + j] = x[xi + j * xs]! * c;
      else for (let j = 0; j < n; j++) out[at + j] = x[xi + j * xs]! * y[yi + j * ys]!;
      return true;
    case 'div':
      if (dense) for (let j = 0; j < n; j++) out[at + j] = x[xi + j]! / y[yi + j]!;
      else if (ys === 0) for (let j = 0; j < n; j++) out[at + j] = x[xi + j * xs]! / c;
      else for (let j = 0; j < n; j++) out[at + j] = x[xi + j * xs]! / y[yi + j * ys]!;
      return true;
    default:
      return false;
  }
}

/** Comparisons of float32 operands into an int32 mask of 0s and 1s. */
export function compareRowF32(
  op: BinaryOp,
  out: Int32Array,
  at: number,
  n: number,
  x: Float32Array,
  xi: number,
  xs: number,
  y: Float32Array,
  yi: number,
  ys: number,
): boolean {
  switch (op) {
    case 'gt':
      for (let j = 0; j < n; j++) out[at + j] = +(x[xi + j * xs]! > y[yi + j * ys]!);
      return true;
    case 'ge':
      for (let j = 0; j < n; j++) out[at + j] = +(x[xi + j * xs]! >= y[yi + j * ys]!);
      return true;
    case 'lt':
      for (let j = 0; j < n; j++) out[at + j] = +(x[xi + j * xs]! < y[yi + j * ys]!);
      return true;
    case 'le':
      for (let j = 0; j < n; j++) out[at + j] = +(x[xi + j * xs]! <= y[yi + j * ys]!);
      return true;
    case 'eq':
      for (let j = 0; j < n; j++) out[at + j] = +(x[xi + j * xs]! === y[yi + j * ys]!);
      return true;
    case 'ne':
      for (let j = 0; j < n; j++) out[at + j] = +(x[xi + j * xs]! !== y[yi + j * ys]!);
      return true;
    default:
      return false;
  }
}

/**
 * Unary float32 loops; `outBits` and `xBits` view the same memory as `out` and `x`. They repeat
 * elementwise-rows.ts's generic loops for Float32Array alone, so V8 sees one element kind here.
 */
export function unaryRowF32(
  op: UnaryOp,
  out: Float32Array,
  outBits: Int32Array,
  at: number,
  n: number,
  x: Float32Array,
  xBits: Int32Array,
  xi: number,
  xs: number,
): boolean {
  switch (op) {
    case 'relu':
      // Keeps x where its sign bit is clear or it is NaN (PyTorch: relu(NaN) = NaN), else +0.
      for (let j = 0; j < n; j++) {
        const b = xBits[xi + j * xs]!;
        const keep = ((b >>> 31) ^ 1) | ((0x7f800000 - (b & 0x7fffffff)) >>> 31);
        outBits[at + j] = b & -keep;
      }
      return true;
    case 'neg':
      for (let j = 0; j < n; j++) out[at + j] = -x[xi + j * xs]!;
      return true;
    case 'square':
      for (let j = 0; j < n; j++) {
        const v = x[xi + j * xs]!;
        out[at + j] = v * v;
      }
      return true;
    case 'exp':
      for (let j = 0; j < n; j++) out[at + j] = Math.exp(x[xi + j * xs]!);
      return true;
    case 'sqrt':
      for (let j = 0; j < n; j++) out[at + j] = Math.sqrt(x[xi + j * xs]!);
      return true;
    default:
      return false;
  }
}

/** where over 4-byte data (float32 or int32, as bits) with an int32 condition. */
export function whereRowI32(
  out: Int32Array,
  at: number,
  n: number,
  c: Int32Array,
  ci: number,
  cs: number,
  x: Int32Array,
  xi: number,
  xs: number,
  y: Int32Array,
  yi: number,
  ys: number,
): void {
  for (let j = 0; j < n; j++) {
    const m = -(c[ci + j * cs] !== 0);
    out[at + j] = (x[xi + j * xs]! & m) | (y[yi + j * ys]! & ~m);
  }
}

/**
 * where over 4-byte data with a float32 condition (nonzero, NaN included, is true; −0 is not).
 * whereRowI32's loop again, on purpose: one condition type per loop keeps each monomorphic.
 */
export function whereRowF32(
  out: Int32Array,
  at: number,
  n: number,
  c: Float32Array,
  ci: number,
  cs: number,
  x: Int32Array,
  xi: number,
  xs: number,
  y: Int32Array,
  yi: number,
  ys: number,
): void {
  for (let j = 0; j < n; j++) {
    const m = -(c[ci + j * cs] !== 0);
    out[at + j] = (x[xi + j * xs]! & m) | (y[yi + j * ys]! & ~m);
  }
}

/** dy where x > 0, else +0 (where(x > 0, dy, 0), so NaN x passes no gradient). */
export function reluBackwardRowF32(
  out: Int32Array,
  at: number,
  n: number,
  x: Float32Array,
  xi: number,
  xs: number,
  dy: Int32Array,
  di: number,
  ds: number,
): void {
  for (let j = 0; j < n; j++) out[at + j] = dy[di + j * ds]! & -(x[xi + j * xs]! > 0);
}
