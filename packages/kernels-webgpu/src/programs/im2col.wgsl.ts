import { linearMain, type Program, type Scalar } from '../gpu/program.js';
import { CONV_UNIFORMS, CONV_WGSL } from './conv-geometry.wgsl.js';

/** x [N, C, D, H, W] → columns [N, C·taps, P], one thread per column entry; padding reads 0. */
export function im2colProgram(type: Scalar): Program {
  return {
    key: `im2col:${type}`,
    inputs: [type],
    outputs: [type],
    uniforms: [['n', 'u32'], ...CONV_UNIFORMS],
    main: `${CONV_WGSL}
${linearMain('u.n')}
  let P = conv_out_positions();
  let taps = conv_taps();
  let p = i % P;
  let row = (i / P) % (u.C * taps);
  let n = i / (P * u.C * taps);
  let src = conv_src(row % taps, p);
  if (src < 0) { out0[i] = ${type}(0); return; }
  out0[i] = in0[(n * u.C + row / taps) * conv_in_positions() + u32(src)];
}`,
  };
}

/** The adjoint: each image element gathers the column entries that read it, one thread each. */
export function col2imProgram(type: Scalar): Program {
  return {
    key: `col2im:${type}`,
    inputs: [type],
    outputs: [type],
    uniforms: [['n', 'u32'], ...CONV_UNIFORMS],
    main: `${CONV_WGSL}
${linearMain('u.n')}
  let Q = conv_in_positions();
  let P = conv_out_positions();
  let taps = conv_taps();
  let q = i % Q;
  let plane = i / Q;
  var acc = ${type}(0);
  for (var t = 0u; t < taps; t++) {
    let p = conv_dst(t, q);
    if (p >= 0) { acc += in0[(plane * taps + t) * P + u32(p)]; }
  }
  out0[i] = acc;
}`,
  };
}
