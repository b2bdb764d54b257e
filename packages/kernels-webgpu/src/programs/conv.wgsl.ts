import type { Program } from '../gpu/program.js';
import { CONV_UNIFORMS, CONV_WGSL } from './conv-geometry.wgsl.js';
import { gemmProgram, type TileShape } from './gemm.wgsl.js';

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
// Tap t's offset within a window (dilated), and output position p's coordinates.
fn tap_offset(t: u32) -> vec3<i32> {
  return vec3<i32>(vec3<u32>(t / (u.kH * u.kW), (t / u.kW) % u.kH, t % u.kW) * vec3<u32>(u.dD, u.dH, u.dW));
}
fn out_coords(p: u32) -> vec3<u32> { return vec3<u32>(p / (u.oH * u.oW), (p / u.oW) % u.oH, p % u.oW); }
fn pads() -> vec3<i32> { return vec3<i32>(u.pD, u.pH, u.pW); }
fn strides() -> vec3<u32> { return vec3<u32>(u.sD, u.sH, u.sW); }
fn in_bounds(at: vec3<i32>) -> bool { return all(at >= vec3<i32>(0)) && all(at < vec3<i32>(vec3<u32>(u.iD, u.iH, u.iW))); }
fn in_index(at: vec3<i32>) -> u32 { return u32((at.x * i32(u.iH) + at.y) * i32(u.iW) + at.z); }
`;

/** Kernel extents [kd, kh, kw]: each program is compiled for one. */
export type KernelSize = readonly [number, number, number];

/**
 * One of the three convolution GEMMs: float32, x/dy/w bindings, the geometry's uniforms. The
 * kernel extents are compiled in as constants, so splitting K into (channel, tap) and a tap
 * into its offsets divides by constants, which compilers turn into multiplies; by uniforms,
 * these divisions cost more than the multiply-adds on CPU drivers.
 */
function convGemm(key: string, tile: TileShape, kernel: KernelSize, functions: string, extra: Program['uniforms'] = []): Program {
  const [kd, kh, kw] = kernel;
  const text = `const KD = ${kd}u;\nconst KH = ${kh}u;\nconst KW = ${kw}u;\n${COMMON}${functions}`.replace(/\bu\.k([DHW])\b/g, 'K$1');
  return gemmProgram({
    key: `${key}:${kd}x${kh}x${kw}`,
    type: 'f32',
    tile,
    inputs: ['f32', 'f32'],
    outputs: ['f32'],
    uniforms: [...CONV_UNIFORMS, ...extra],
    functions: text,
  });
}

export function convForwardProgram(tile: TileShape, kernel: KernelSize): Program {
  return convGemm(
    'conv-forward',
    tile,
    kernel,
    `
// This thread's B column is output position p of sample n: its window's corner and x's plane.
var<private> corner: vec3<i32>;
var<private> plane: u32;
fn gemm_b_column(g: u32, col: u32) {
  let P = conv_out_positions();
  let p = col % P;
  corner = vec3<i32>(out_coords(p) * strides()) - pads();
  plane = ((col / P) * u.C + g * cg()) * conv_in_positions();
}
fn gemm_k_range(z: u32) -> vec2<u32> { return vec2<u32>(0u, cg() * conv_taps()); }
fn load_a(g: u32, o: u32, k: u32) -> f32 { return in1[(g * og() + o) * cg() * conv_taps() + k]; }
fn load_b(g: u32, k: u32, col: u32) -> f32 {
  let taps = conv_taps();
  let at = corner + tap_offset(k % taps);
  if (!in_bounds(at)) { return 0.0; }
  return in0[plane + (k / taps) * conv_in_positions() + in_index(at)];
}
fn store_c(g: u32, o: u32, col: u32, v: f32) {
  let P = conv_out_positions();
  out0[((col / P) * u.O + g * og() + o) * P + col % P] = v;
}`,
  );
}

/** Stride 1 only: kernels/conv.ts sends strided input gradients through GEMM + col2im. */
export function convBackwardInputProgram(tile: TileShape, kernel: KernelSize): Program {
  return convGemm(
    'conv-backward-input',
    tile,
    kernel,
    `
// This thread's B column is input position q of sample n: q plus the padding, and dy's planes.
var<private> shifted: vec3<i32>;
var<private> planes: u32;
fn gemm_b_column(g: u32, col: u32) {
  let Q = conv_in_positions();
  let q = col % Q;
  shifted = vec3<i32>(vec3<u32>(q / (u.iH * u.iW), (q / u.iW) % u.iH, q % u.iW)) + pads();
  planes = ((col / Q) * u.O + g * og()) * conv_out_positions();
}
fn gemm_k_range(z: u32) -> vec2<u32> { return vec2<u32>(0u, og() * conv_taps()); }
fn load_a(g: u32, c: u32, k: u32) -> f32 {
  let taps = conv_taps();
  return in1[((g * og() + k / taps) * cg() + c) * taps + k % taps];
}
fn load_b(g: u32, k: u32, col: u32) -> f32 {
  let taps = conv_taps();
  // At stride 1 the output position whose tap reads this input position is a subtraction away.
  let o = shifted - tap_offset(k % taps);
  if (any(o < vec3<i32>(0)) || any(o >= vec3<i32>(vec3<u32>(u.oD, u.oH, u.oW)))) { return 0.0; }
  return in0[planes + (k / taps) * conv_out_positions() + u32((o.x * i32(u.oH) + o.y) * i32(u.oW) + o.z)];
}
fn store_c(g: u32, c: u32, col: u32, v: f32) {
  let Q = conv_in_positions();
  out0[((col / Q) * u.C + g * cg() + c) * Q + col % Q] = v;
}`,
  );
}

export function convBackwardWeightProgram(tile: TileShape, kernel: KernelSize): Program {
  return convGemm(
    'conv-backward-weight',
    tile,
    kernel,
    `
// This thread's B column is weight entry (c, t): the tap's offset from a window corner, and x's channel.
var<private> tapOffset: vec3<i32>;
var<private> channel: u32;
fn gemm_b_column(z: u32, col: u32) {
  let taps = conv_taps();
  let t = col % taps;
  tapOffset = tap_offset(t) - pads();
  channel = ((z / u.S) * cg() + col / taps) * conv_in_positions();
}
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
  let at = vec3<i32>(out_coords(k % P) * strides()) + tapOffset;
  if (!in_bounds(at)) { return 0.0; }
  return in1[(k / P) * u.C * conv_in_positions() + channel + in_index(at)];
}
fn store_c(z: u32, o: u32, col: u32, v: f32) {
  let rows = cg() * conv_taps();
  out0[((z % u.S) * u.O + (z / u.S) * og() + o) * rows + col] = v;
}`,
    [
      ['S', 'u32'],
      ['kChunk', 'u32'],
    ],
  );
}
