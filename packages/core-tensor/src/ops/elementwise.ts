import type { BinaryOp, UnaryOp } from '../backend/backend.js';
import { broadcastView } from '../backend/views.js';
import { isFloating, promoteTypes, type DType } from '../dtype.js';
import { broadcastShapes, type Shape } from '../shape.js';
import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { assertSameBackend } from './checks.js';
import { fromKernel, scalar } from './create-tensor.js';
import { adopt, composite } from '../autograd/composite.js';
import { cast } from './shape-ops.js';
import { sumTo } from './reduce.js';
import { withGradient } from './own-gradient.js';

type Operand = Tensor | number;

/** Runs a unary kernel; float-valued ops on int32 inputs compute in float32, as PyTorch does. */
function unaryKernel(op: UnaryOp, x: Tensor, floatResult: boolean): Tensor {
  const input = floatResult && !isFloating(x.dtype) ? cast(x, 'float32') : x;
  const out = fromKernel(x.backend, x.backend.unary(op, input.asView(op)), x.shape, input.dtype);
  if (input !== x) input.dispose();
  return out;
}

export const neg = (x: Tensor): Tensor => record('neg', [x], unaryKernel('neg', x, false), (dy) => [neg(dy)]);
export const abs = (x: Tensor): Tensor => record('abs', [x], unaryKernel('abs', x, false), (dy) => [mul(dy, sign(x))]);
/** Piecewise constant: its gradient is zero (not absent), as in PyTorch. */
export const sign = (x: Tensor): Tensor => record('sign', [x], unaryKernel('sign', x, false), (dy) => [mul(dy, 0)]);
export const square = (x: Tensor): Tensor => record('square', [x], unaryKernel('square', x, false), (dy) => [mul(dy, mul(x, 2))]);
export const relu = (x: Tensor): Tensor => record('relu', [x], unaryKernel('relu', x, false), (dy) => [reluBackward(x, dy)]);

/** where(x > 0, dy, 0) as one kernel; linear in dy, so its own gradient is reluBackward(x, ddy). */
export function reluBackward(x: Tensor, dy: Tensor): Tensor {
  assertSameBackend('relu', [
    ['input', x],
    ['grad', dy],
  ]);
  const id = x.backend.reluBackward(x.asView('relu'), broadcastView(dy.asView('relu', 'grad'), x.shape));
  return record('reluBackward', [dy], fromKernel(x.backend, id, x.shape, dy.dtype), (ddy) => [reluBackward(x, ddy)]);
}

export function exp(x: Tensor): Tensor {
  const y = unaryKernel('exp', x, true);
  return record('exp', [x], y, (dy) => [mul(dy, y)]);
}
export const log = (x: Tensor): Tensor => record('log', [x], unaryKernel('log', x, true), (dy) => [div(dy, x)]);
export function sqrt(x: Tensor): Tensor {
  const y = unaryKernel('sqrt', x, true);
  return record('sqrt', [x], y, (dy) => [div(dy, mul(y, 2))]);
}
export function reciprocal(x: Tensor): Tensor {
  const y = unaryKernel('reciprocal', x, true);
  return record('reciprocal', [x], y, (dy) => [neg(mul(dy, mul(y, y)))]);
}
export function sigmoid(x: Tensor): Tensor {
  const y = unaryKernel('sigmoid', x, true);
  return record('sigmoid', [x], y, (dy) => [mul(dy, mul(y, sub(1, y)))]);
}
export function tanh(x: Tensor): Tensor {
  const y = unaryKernel('tanh', x, true);
  return record('tanh', [x], y, (dy) => [mul(dy, sub(1, mul(y, y)))]);
}
/** d/dx erf(x) = 2/√π · exp(−x²). */
export const erf = (x: Tensor): Tensor =>
  record('erf', [x], unaryKernel('erf', x, true), (dy) => [mul(dy, mul(exp(neg(mul(x, x))), 2 / Math.sqrt(Math.PI)))]);
export const sin = (x: Tensor): Tensor => record('sin', [x], unaryKernel('sin', x, true), (dy) => [mul(dy, cos(x))]);
export const cos = (x: Tensor): Tensor => record('cos', [x], unaryKernel('cos', x, true), (dy) => [neg(mul(dy, sin(x)))]);
/** floor, ceil, round: piecewise constant, so their gradient is zero, as in PyTorch. */
export const rounding = (op: 'floor' | 'ceil' | 'round', x: Tensor): Tensor =>
  record(op, [x], unaryKernel(op, x, false), (dy) => [mul(dy, 0)]);

/** Turns a number operand into a 0-d tensor whose dtype follows PyTorch's scalar promotion. */
function asTensor(value: Operand, like: Tensor): Tensor {
  if (typeof value !== 'number') return value;
  const dtype: DType = Number.isInteger(value) || isFloating(like.dtype) ? like.dtype : 'float32';
  return scalar(like.backend, value, dtype);
}

/** Broadcasts, promotes dtypes and runs a binary kernel. */
function binaryKernel(op: BinaryOp, a: Tensor, b: Tensor, comparison: boolean): { out: Tensor; shape: Shape } {
  assertSameBackend(op, [
    ['input', a],
    ['other', b],
  ]);
  const shape = broadcastShapes(op, a.shape, b.shape);
  let dtype = promoteTypes(a.dtype, b.dtype);
  if (op === 'div' && dtype === 'int32') dtype = 'float32';
  const ca = a.dtype === dtype ? a : cast(a, dtype);
  const cb = b.dtype === dtype ? b : cast(b, dtype);
  const id = a.backend.binary(
    op,
    broadcastView(ca.asView(op, 'input'), shape),
    broadcastView(cb.asView(op, 'other'), shape),
    comparison ? 'int32' : dtype,
  );
  if (ca !== a) ca.dispose();
  if (cb !== b) cb.dispose();
  return { out: fromKernel(a.backend, id, shape, comparison ? 'int32' : dtype), shape };
}

/** Applies `fn` to tensors made from number operands, disposing those temporaries after. */
function withOperands(op: string, x: Operand, y: Operand, fn: (a: Tensor, b: Tensor) => Tensor): Tensor {
  if (typeof x === 'number' && typeof y === 'number') throw new Error(`${op}: at least one operand must be a tensor`);
  const a = asTensor(x, (typeof x === 'number' ? y : x) as Tensor);
  const b = asTensor(y, a);
  const temps = [a !== x ? a : null, b !== y ? b : null].filter((t): t is Tensor => t !== null);
  let out: Tensor | undefined;
  try {
    out = fn(a, b);
    return out;
  } finally {
    if (out) adopt(out, temps);
    else for (const t of temps) t.dispose();
  }
}

export const add = (x: Operand, y: Operand): Tensor =>
  withOperands('add', x, y, (a, b) =>
    record('add', [a, b], binaryKernel('add', a, b, false).out, (dy) => [sumTo(dy, a.shape), sumTo(dy, b.shape)]),
  );

export const sub = (x: Operand, y: Operand): Tensor =>
  withOperands('sub', x, y, (a, b) =>
    record('sub', [a, b], binaryKernel('sub', a, b, false).out, (dy) => [
      sumTo(dy, a.shape),
      b.requiresGrad ? sumTo(neg(dy), b.shape) : null,
    ]),
  );

export const mul = (x: Operand, y: Operand): Tensor =>
  withOperands('mul', x, y, (a, b) =>
    record('mul', [a, b], binaryKernel('mul', a, b, false).out, (dy) => [
      a.requiresGrad ? sumTo(mul(dy, b), a.shape) : null,
      b.requiresGrad ? sumTo(mul(dy, a), b.shape) : null,
    ]),
  );

export const div = (x: Operand, y: Operand): Tensor =>
  withOperands('div', x, y, (a, b) =>
    record('div', [a, b], binaryKernel('div', a, b, false).out, (dy) => [
      a.requiresGrad ? sumTo(div(dy, b), a.shape) : null,
      b.requiresGrad ? sumTo(neg(div(mul(dy, a), mul(b, b))), b.shape) : null,
    ]),
  );

/** d/da aᵇ = b·aᵇ⁻¹; d/db aᵇ = aᵇ·ln a, taken as 0 where a = 0 and b ≥ 0 (PyTorch's rule). */
export const pow = (x: Operand, y: Operand): Tensor =>
  withOperands('pow', x, y, (a, b) => {
    const out = binaryKernel('pow', a, b, false).out;
    return record('pow', [a, b], out, (dy) => [
      a.requiresGrad ? sumTo(mul(dy, mul(b, pow(a, sub(b, 1)))), a.shape) : null,
      b.requiresGrad ? sumTo(where(compare('eq', a, 0), 0, mul(dy, mul(out, log(a)))), b.shape) : null,
    ]);
  });

/** Elementwise max/min; ties split the gradient in half between the inputs, as PyTorch does. */
function extremeOf(op: 'maximum' | 'minimum', x: Operand, y: Operand): Tensor {
  return withOperands(op, x, y, (a, b) =>
    record(op, [a, b], binaryKernel(op, a, b, false).out, (dy) => {
      const aWins = compare(op === 'maximum' ? 'gt' : 'lt', a, b);
      const tie = mul(compare('eq', a, b), 0.5);
      const shareA = add(aWins, tie);
      return [sumTo(mul(dy, shareA), a.shape), sumTo(mul(dy, sub(1, shareA)), b.shape)];
    }),
  );
}
export const maximum = (x: Operand, y: Operand): Tensor => extremeOf('maximum', x, y);
export const minimum = (x: Operand, y: Operand): Tensor => extremeOf('minimum', x, y);

/** Elementwise comparison; the result is an int32 mask of 0s and 1s (PyTorch's bool). */
export function compare(op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge', x: Operand, y: Operand): Tensor {
  return withOperands(op, x, y, (a, b) => binaryKernel(op, a, b, true).out);
}

/** `cond ? a : b` elementwise, with broadcasting across all three. */
export function where(cond: Tensor, x: Operand, y: Operand): Tensor {
  return withOperands('where', x, y, (a, b) => {
    assertSameBackend('where', [
      ['condition', cond],
      ['input', a],
      ['other', b],
    ]);
    const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, a.shape, ['condition', 'input']), b.shape);
    const dtype = promoteTypes(a.dtype, b.dtype);
    const ca = a.dtype === dtype ? a : cast(a, dtype);
    const cb = b.dtype === dtype ? b : cast(b, dtype);
    const id = cond.backend.where(
      broadcastView(cond.asView('where', 'condition'), shape),
      broadcastView(ca.asView('where', 'input'), shape),
      broadcastView(cb.asView('where', 'other'), shape),
    );
    if (ca !== a) ca.dispose();
    if (cb !== b) cb.dispose();
    return record('where', [a, b], fromKernel(cond.backend, id, shape, dtype), (dy) => [
      a.requiresGrad ? sumTo(where(cond, dy, 0), a.shape) : null,
      b.requiresGrad ? sumTo(where(cond, 0, dy), b.shape) : null,
    ]);
  });
}

/**
 * Clamps into [min, max] (min first, so min > max gives max everywhere, as torch.clamp); NaN stays
 * NaN. The gradient passes where min ≤ x ≤ max, both ends included, as PyTorch's does.
 */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  if (min === undefined && max === undefined) throw new Error('clamp: at least one of min or max must be given (both are undefined)');
  x.storage('clamp');
  const inside = () => {
    const aboveMin = min === undefined ? null : compare('ge', x, min);
    const belowMax = max === undefined ? null : compare('le', x, max);
    return aboveMin && belowMax ? mul(aboveMin, belowMax) : (aboveMin ?? belowMax)!;
  };
  return withGradient(
    'clamp',
    [x],
    () => {
      let y = x;
      if (min !== undefined) y = where(compare('lt', y, min), min, y);
      if (max !== undefined) y = where(compare('gt', y, max), max, y);
      return y;
    },
    (dy) => [composite(() => where(inside(), dy, 0))],
  );
}
