import { linearMain, type Program } from '../gpu/program.js';
import { MATH_WGSL } from './math.wgsl.js';

/**
 * softmax / logSoftmax along one axis, one thread per line (outer × inner lines of `len`
 * elements `inner` apart): shift by the line's max so exp cannot overflow, sum, then write.
 */
export function softmaxProgram(log: boolean): Program {
  const write = log ? 'v - m - log(s)' : 'exp(v - m) / s';
  return {
    key: `softmax:${log ? 'log' : 'exp'}`,
    inputs: ['f32'],
    outputs: ['f32'],
    uniforms: [
      ['n', 'u32'],
      ['len', 'u32'],
      ['inner', 'u32'],
    ],
    main: `${MATH_WGSL}
${linearMain('u.n')}
  let start = (i / u.inner) * u.len * u.inner + i % u.inner;
  var m = -inf_f32();
  for (var j = 0u; j < u.len; j++) { m = max_nan(m, in0[start + j * u.inner]); }
  var s = 0.0;
  for (var j = 0u; j < u.len; j++) { s += exp(in0[start + j * u.inner] - m); }
  for (var j = 0u; j < u.len; j++) {
    let v = in0[start + j * u.inner];
    out0[start + j * u.inner] = ${write};
  }
}`,
  };
}
