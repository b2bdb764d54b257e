import { linearMain, type Program, type Scalar, type UniformField } from '../gpu/program.js';

/**
 * Core's separable maps (ResamplePlan: reflect/replicate/circular padding, interpolation, the
 * blur pool) over k = 1…3 trailing axes. Tables: in1 holds every axis's i32 entries, in2 (when
 * weighted) their f32 weights; uniforms give each axis's sizes, taps and table offsets.
 */
function axisUniforms(k: number, backward: boolean): UniformField[] {
  const fields: UniformField[] = [['n', 'u32']];
  for (let a = 0; a < k; a++) {
    fields.push([`in${a}`, 'u32'], [`out${a}`, 'u32'], [`taps${a}`, 'u32'], [`at${a}`, 'u32']);
    if (backward) fields.push([`inv${a}`, 'u32']);
  }
  return fields;
}

/**
 * One thread per output element: Σ_t₀ w₀ · (Σ_t₁ w₁ · (… x)), innermost axis summed first as
 * PyTorch's separable kernel does. An entry of −1 is no tap (zero padding).
 */
export function resampleProgram(type: Scalar, k: number, weighted: boolean): Program {
  const lines: string[] = [];
  for (let a = k - 1; a >= 0; a--) lines.push(`let o${a} = rem % u.out${a}; rem = rem / u.out${a};`);
  const inputIndex = Array.from({ length: k }, (_, a) => a).reduce(
    (expr, a) => (a === 0 ? 'u32(i0)' : `(${expr}) * u.in${a} + u32(i${a})`),
    '',
  );
  const volume = Array.from({ length: k }, (_, a) => `u.in${a}`).join(' * ');
  return {
    key: `resample:${type}:${k}:${weighted ? 'w' : 'copy'}`,
    inputs: weighted ? [type, 'i32', 'f32'] : [type, 'i32'],
    outputs: [type],
    uniforms: axisUniforms(k, false),
    main: `${linearMain('u.n')}
  var rem = i;
  ${lines.join('\n  ')}
  let base = rem * ${volume};
  ${forwardSum(type, k, weighted, inputIndex)}
  out0[i] = total;
}`,
  };
}

/** The nested sums of the forward pass as WGSL ending in `total`. */
function forwardSum(type: Scalar, k: number, weighted: boolean, inputIndex: string): string {
  const level = (a: number): string => {
    const inner =
      a === k - 1
        ? `acc${a} += ${weighted ? `in2[e${a}] * ` : ''}in0[base + ${inputIndex}];`
        : `${level(a + 1)}
    acc${a} += ${weighted ? `in2[e${a}] * ` : ''}acc${a + 1};`;
    return `var acc${a} = ${type}(0);
  for (var t${a} = 0u; t${a} < u.taps${a}; t${a}++) {
    let e${a} = u.at${a} + o${a} * u.taps${a} + t${a};
    let i${a} = in1[e${a}];
    if (i${a} < 0) { continue; }
    ${inner}
  }`;
  };
  return `${level(0)}
  let total = acc0;`;
}

/**
 * The adjoint, gathered: one thread per input element sums, over the (output, tap) pairs that
 * read it on each axis (core's `invertAxis` tables in in1: starts then entries per axis),
 * w₀ · w₁ · … · dy. Float only.
 */
export function resampleBackwardProgram(k: number, weighted: boolean): Program {
  const lines: string[] = [];
  for (let a = k - 1; a >= 0; a--) lines.push(`let i${a} = rem % u.in${a}; rem = rem / u.in${a};`);
  const outIndex = Array.from({ length: k }, (_, a) => a).reduce((expr, a) => (a === 0 ? 'o0' : `(${expr}) * u.out${a} + o${a}`), '');
  const volume = Array.from({ length: k }, (_, a) => `u.out${a}`).join(' * ');
  const level = (a: number): string => {
    const inner =
      a === k - 1
        ? `acc${a} += ${weighted ? `in2[u.at${a} + e${a}] * ` : ''}in0[base + ${outIndex}];`
        : `${level(a + 1)}
    acc${a} += ${weighted ? `in2[u.at${a} + e${a}] * ` : ''}acc${a + 1};`;
    return `var acc${a} = 0.0;
  for (var s${a} = u32(in1[u.inv${a} + i${a}]); s${a} < u32(in1[u.inv${a} + i${a} + 1u]); s${a}++) {
    let e${a} = u32(in1[u.inv${a} + u.in${a} + 1u + s${a}]);
    let o${a} = e${a} / u.taps${a};
    ${inner}
  }`;
  };
  return {
    key: `resample-backward:${k}:${weighted ? 'w' : 'copy'}`,
    inputs: weighted ? ['f32', 'i32', 'f32'] : ['f32', 'i32'],
    outputs: ['f32'],
    uniforms: axisUniforms(k, true),
    main: `${linearMain('u.n')}
  var rem = i;
  ${lines.join('\n  ')}
  let base = rem * ${volume};
  ${level(0)}
  out0[i] = acc0;
}`,
  };
}
