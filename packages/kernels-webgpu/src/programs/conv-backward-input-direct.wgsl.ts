import { linearMain, type Program } from '../gpu/program.js';
import { CONV_UNIFORMS, CONV_WGSL } from './conv-geometry.wgsl.js';

/**
 * The input gradient with one thread per element of dx, for convolutions with very few input
 * channels per group (LeNet's first layer has one). As a GEMM its M is those channels, so even
 * the 16-row tile would leave most rows idle; here each thread gathers over taps and output
 * channels directly:
 *   dx[n, g·cg+c, q] = Σ_t Σ_o  w[g·og+o, c, t] · dy[n, g·og+o, dst(t, q)]
 * Threads next to each other take neighbouring q, so dy reads are contiguous and each w value
 * is the same for the whole workgroup.
 */
export function convBackwardInputDirectProgram(): Program {
  return {
    key: 'conv-backward-input-direct',
    inputs: ['f32', 'f32'],
    outputs: ['f32'],
    uniforms: [['total', 'u32'], ...CONV_UNIFORMS],
    main: `${CONV_WGSL}
${linearMain('u.total')}
  let Q = conv_in_positions();
  let P = conv_out_positions();
  let taps = conv_taps();
  let cg = u.C / u.G;
  let og = u.O / u.G;
  let q = i % Q;
  let channel = (i / Q) % u.C;
  let n = i / (Q * u.C);
  let g = channel / cg;
  let c = channel % cg;
  var acc = 0.0;
  for (var t = 0u; t < taps; t++) {
    let p = conv_dst(t, q);
    if (p < 0) { continue; }
    var dyAt = (n * u.O + g * og) * P + u32(p);
    var wAt = (g * og * cg + c) * taps + t;
    for (var o = 0u; o < og; o++) {
      acc = fma(in1[wAt], in0[dyAt], acc);
      dyAt += P;
      wAt += cg * taps;
    }
  }
  out0[i] = acc;
}`,
  };
}
