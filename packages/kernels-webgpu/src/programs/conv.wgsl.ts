import type { Program } from '../gpu/program.js';
import { CONV_UNIFORMS, CONV_WGSL } from './conv-geometry.wgsl.js';
import { gemmProgram } from './gemm.wgsl.js';

/**
 * The three convolutions as implicit GEMMs over the shared tiled GEMM: operands are indexed
 * straight from x, w and dy, so no im2col column buffer is ever written. Per group g (the
 * dispatch's z), with cg = C/G input and og = O/G output channels, taps = kd·kh·kw,
 * P output and Q input positions:
 *   forward          y[n, g·og+o, p]   = Σ_(c,t)   w[g·og+o, c, t] · x[n, g·cg+c, src(t, p)]    M=og, N=batch·P, K=cg·taps
 *   backward input   dx[n, g·cg+c, q]  = Σ_(o,t)   w[g·og+o, c, t] · dy[n, g·og+o, dst(t, q)]   M=cg, N=batch·Q, K=og·taps
 *   backward weight  dw[g·og+o, c, t]  = Σ_(n,p)   dy[n, g·og+o, p] · x[n, g·cg+c, src(t, p)]   M=og, N=cg·taps, K=batch·P
 * The weight gradient's K is long and its M×N small, so its K is split into `S` chunks
 * (z = g·S + s) written to separate slabs and summed after.
 */
const COMMON = `${CONV_WGSL}
fn cg() -> u32 { return u.C / u.G; }
fn og() -> u32 { return u.O / u.G; }
fn gemm_setup(z: u32) {}
`;

export function convForwardProgram(): Program {
  return gemmProgram({
    key: 'conv-forward',
    type: 'f32',
    inputs: ['f32', 'f32'],
    outputs: ['f32'],
    uniforms: CONV_UNIFORMS,
    functions: `${COMMON}
fn gemm_k_range(z: u32) -> vec2<u32> { return vec2<u32>(0u, cg() * conv_taps()); }
fn load_a(g: u32, o: u32, k: u32) -> f32 { return in1[(g * og() + o) * cg() * conv_taps() + k]; }
fn load_b(g: u32, k: u32, col: u32) -> f32 {
  let P = conv_out_positions();
  let src = conv_src(k % conv_taps(), col % P);
  if (src < 0) { return 0.0; }
  return in0[((col / P) * u.C + g * cg() + k / conv_taps()) * conv_in_positions() + u32(src)];
}
fn store_c(g: u32, o: u32, col: u32, v: f32) {
  let P = conv_out_positions();
  out0[((col / P) * u.O + g * og() + o) * P + col % P] = v;
}`,
  });
}

export function convBackwardInputProgram(): Program {
  return gemmProgram({
    key: 'conv-backward-input',
    type: 'f32',
    inputs: ['f32', 'f32'],
    outputs: ['f32'],
    uniforms: CONV_UNIFORMS,
    functions: `${COMMON}
fn gemm_k_range(z: u32) -> vec2<u32> { return vec2<u32>(0u, og() * conv_taps()); }
fn load_a(g: u32, c: u32, k: u32) -> f32 {
  let taps = conv_taps();
  return in1[((g * og() + k / taps) * cg() + c) * taps + k % taps];
}
fn load_b(g: u32, k: u32, col: u32) -> f32 {
  let Q = conv_in_positions();
  let p = conv_dst(k % conv_taps(), col % Q);
  if (p < 0) { return 0.0; }
  return in0[((col / Q) * u.O + g * og() + k / conv_taps()) * conv_out_positions() + u32(p)];
}
fn store_c(g: u32, c: u32, col: u32, v: f32) {
  let Q = conv_in_positions();
  out0[((col / Q) * u.C + g * cg() + c) * Q + col % Q] = v;
}`,
  });
}

export function convBackwardWeightProgram(): Program {
  return gemmProgram({
    key: 'conv-backward-weight',
    type: 'f32',
    inputs: ['f32', 'f32'],
    outputs: ['f32'],
    uniforms: [...CONV_UNIFORMS, ['S', 'u32'], ['kChunk', 'u32']],
    functions: `${COMMON}
fn gemm_k_range(z: u32) -> vec2<u32> {
  let k = u.N * conv_out_positions();
  let s = z % u.S;
  return vec2<u32>(min(s * u.kChunk, k), min((s + 1u) * u.kChunk, k));
}
fn load_a(z: u32, o: u32, k: u32) -> f32 {
  let P = conv_out_positions();
  return in0[((k / P) * u.O + (z / u.S) * og() + o) * P + k % P];
}
fn load_b(z: u32, k: u32, col: u32) -> f32 {
  let P = conv_out_positions();
  let src = conv_src(col % conv_taps(), k % P);
  if (src < 0) { return 0.0; }
  return in1[((k / P) * u.C + (z / u.S) * cg() + col / conv_taps()) * conv_in_positions() + u32(src)];
}
fn store_c(z: u32, o: u32, col: u32, v: f32) {
  let rows = cg() * conv_taps();
  out0[((z % u.S) * u.O + (z / u.S) * og() + o) * rows + col] = v;
}`,
  });
}
