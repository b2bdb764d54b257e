import type { DType } from '@stride/core-tensor';
import type { BinaryOp, UnaryOp } from '@stride/core-tensor/backend';
import { linearMain, type Program, type Scalar } from '../gpu/program.js';
import { MATH_WGSL } from './math.wgsl.js';
import { walkCode, walkUniforms } from './strided.js';

export const scalarOf = (dtype: DType): Scalar => {
  if (dtype === 'float64') throw new Error('webgpu: float64 is not supported (WGSL has no f64); use float32');
  return dtype === 'int32' ? 'i32' : 'f32';
};

const floatUnary: Record<UnaryOp, (x: string) => string> = {
  neg: (x) => `-${x}`,
  abs: (x) => `abs(${x})`,
  // PyTorch: sign(NaN) = 0, sign(±0) = 0.
  sign: (x) => `select(select(0.0, -1.0, ${x} < 0.0), 1.0, ${x} > 0.0)`,
  exp: (x) => `exp(${x})`,
  log: (x) => `log_f32(${x})`,
  sqrt: (x) => `sqrt(${x})`,
  reciprocal: (x) => `(1.0 / ${x})`,
  square: (x) => `(${x} * ${x})`,
  // NaN passes through relu, as in PyTorch.
  relu: (x) => `select(${x}, 0.0, ${x} <= 0.0)`,
  sigmoid: (x) => `sigmoid_f32(${x})`,
  tanh: (x) => `tanh_f32(${x})`,
  erf: (x) => `erf_f32(${x})`,
  floor: (x) => `floor(${x})`,
  ceil: (x) => `ceil(${x})`,
  // WGSL's round already rounds halves to even, as PyTorch does.
  round: (x) => `round(${x})`,
  sin: (x) => `sin(${x})`,
  cos: (x) => `cos(${x})`,
};

const intUnary: Partial<Record<UnaryOp, (x: string) => string>> = {
  neg: (x) => `-${x}`,
  abs: (x) => `abs(${x})`,
  sign: (x) => `sign(${x})`,
  square: (x) => `(${x} * ${x})`,
  relu: (x) => `max(${x}, 0)`,
  floor: (x) => x,
  ceil: (x) => x,
  round: (x) => x,
};

const comparisons: Partial<Record<BinaryOp, string>> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };

const floatBinary: Partial<Record<BinaryOp, (a: string, b: string) => string>> = {
  add: (a, b) => `(${a} + ${b})`,
  sub: (a, b) => `(${a} - ${b})`,
  mul: (a, b) => `(${a} * ${b})`,
  div: (a, b) => `(${a} / ${b})`,
  pow: (a, b) => `pow_f32(${a}, ${b})`,
  maximum: (a, b) => `max_nan(${a}, ${b})`,
  minimum: (a, b) => `min_nan(${a}, ${b})`,
};

// int32 arithmetic wraps in WGSL as it does in an Int32Array.
const intBinary: Partial<Record<BinaryOp, (a: string, b: string) => string>> = {
  add: (a, b) => `(${a} + ${b})`,
  sub: (a, b) => `(${a} - ${b})`,
  mul: (a, b) => `(${a} * ${b})`,
  div: (a, b) => `select(${a} / ${b}, 0, ${b} == 0)`,
  pow: (a, b) => `powi_i32(${a}, ${b})`,
  maximum: (a, b) => `max(${a}, ${b})`,
  minimum: (a, b) => `min(${a}, ${b})`,
};

/** out = op(x) over a strided view, or a plain (converting) copy when op is 'copy'. */
export function unaryProgram(op: UnaryOp | 'copy', inType: Scalar, outType: Scalar, rank: number): Program {
  const x = `in0[p0]`;
  let expr: string;
  if (op === 'copy') expr = x;
  else if (inType === 'i32' && intUnary[op]) expr = intUnary[op](x);
  else expr = floatUnary[op](inType === 'f32' ? x : `f32(${x})`);
  return {
    key: `unary:${op}:${inType}:${outType}:${rank}`,
    inputs: [inType],
    outputs: [outType],
    uniforms: [['n', 'u32'], ...walkUniforms('', rank, 1)],
    main: `${op === 'copy' || inType === 'i32' ? '' : MATH_WGSL}
${linearMain('u.n')}
  ${walkCode('', rank, 1, 'i')}
  out0[i] = ${outType}(${expr});
}`,
  };
}

/**
 * IEEE comparisons, as PyTorch's: NaN is unequal to everything, itself included, and every
 * ordered comparison with NaN is false. WGSL leaves NaN comparisons to the implementation (an
 * optimiser may assume no NaNs), so NaN is tested by its bits first.
 */
function ieeeComparison(op: BinaryOp, a: string, b: string, cmp: string): string {
  return op === 'ne' ? `(is_nan(${a}) || is_nan(${b}) || ${a} != ${b})` : `(!is_nan(${a}) && !is_nan(${b}) && ${a} ${cmp} ${b})`;
}

/** out = a op b over two strided views already broadcast to the output shape. */
export function binaryProgram(op: BinaryOp, inType: Scalar, outType: Scalar, rank: number): Program {
  const [a, b] = ['in0[p0]', 'in1[p1]'];
  const cmp = comparisons[op];
  let expr: string;
  if (cmp) expr = `select(${outType}(0), ${outType}(1), ${inType === 'f32' ? ieeeComparison(op, a, b, cmp) : `${a} ${cmp} ${b}`})`;
  else expr = `${outType}(${(inType === 'i32' ? intBinary : floatBinary)[op]!(a, b)})`;
  return {
    key: `binary:${op}:${inType}:${outType}:${rank}`,
    inputs: [inType, inType],
    outputs: [outType],
    uniforms: [['n', 'u32'], ...walkUniforms('', rank, 2)],
    main: `${MATH_WGSL}
${linearMain('u.n')}
  ${walkCode('', rank, 2, 'i')}
  out0[i] = ${expr};
}`,
  };
}

/** out = cond != 0 ? a : b over three strided views. */
export function whereProgram(condType: Scalar, type: Scalar, rank: number): Program {
  return {
    key: `where:${condType}:${type}:${rank}`,
    inputs: [condType, type, type],
    outputs: [type],
    uniforms: [['n', 'u32'], ...walkUniforms('', rank, 3)],
    main: `${linearMain('u.n')}
  ${walkCode('', rank, 3, 'i')}
  out0[i] = select(in2[p2], in1[p1], in0[p0] != ${condType}(0));
}`,
  };
}

/** Every element set to one value (its bits passed as the uniform's own type). */
export function fillProgram(type: Scalar): Program {
  return {
    key: `fill:${type}`,
    inputs: [],
    outputs: [type],
    uniforms: [
      ['n', 'u32'],
      ['value', type],
    ],
    main: `${linearMain('u.n')}
  out0[i] = u.value;
}`,
  };
}
