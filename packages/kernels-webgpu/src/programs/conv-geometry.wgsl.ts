import type { ConvGeometry } from '@stride/core-tensor/backend';
import type { UniformField } from '../gpu/program.js';
import { WINDOW_WGSL } from './window.wgsl.js';

/** A convolution's geometry as uniforms: sizes, then stride, dilation and the pads before. */
export const CONV_UNIFORMS: readonly UniformField[] = [
  ['N', 'u32'],
  ['C', 'u32'],
  ['O', 'u32'],
  ['G', 'u32'],
  ['iD', 'u32'],
  ['iH', 'u32'],
  ['iW', 'u32'],
  ['kD', 'u32'],
  ['kH', 'u32'],
  ['kW', 'u32'],
  ['oD', 'u32'],
  ['oH', 'u32'],
  ['oW', 'u32'],
  ['sD', 'u32'],
  ['sH', 'u32'],
  ['sW', 'u32'],
  ['dD', 'u32'],
  ['dH', 'u32'],
  ['dW', 'u32'],
  ['pD', 'i32'],
  ['pH', 'i32'],
  ['pW', 'i32'],
];

export function convValues(g: ConvGeometry): number[] {
  return [
    g.batch,
    g.inChannels,
    g.outChannels,
    g.groups,
    ...g.inSize,
    ...g.kernel,
    ...g.outSize,
    ...g.stride,
    ...g.dilation,
    ...g.padBefore,
  ];
}

/**
 * The two index maps every convolution kernel is built from. `conv_src` gives, for kernel tap
 * t at output position p, the input's spatial index (or -1 in the padding); `conv_dst` runs
 * it backwards: which output position reads input position q through tap t (or -1), which is
 * how the backward kernels gather instead of scattering with atomics.
 */
export const CONV_WGSL = /* wgsl */ `
fn conv_taps() -> u32 { return u.kD * u.kH * u.kW; }
fn conv_out_positions() -> u32 { return u.oD * u.oH * u.oW; }
fn conv_in_positions() -> u32 { return u.iD * u.iH * u.iW; }

fn conv_src(t: u32, p: u32) -> i32 {
  let a = t / (u.kH * u.kW);
  let b = (t / u.kW) % u.kH;
  let e = t % u.kW;
  let z = i32((p / (u.oH * u.oW)) * u.sD + a * u.dD) - u.pD;
  let y = i32(((p / u.oW) % u.oH) * u.sH + b * u.dH) - u.pH;
  let x = i32((p % u.oW) * u.sW + e * u.dW) - u.pW;
  if (z < 0 || z >= i32(u.iD) || y < 0 || y >= i32(u.iH) || x < 0 || x >= i32(u.iW)) { return -1; }
  return (z * i32(u.iH) + y) * i32(u.iW) + x;
}

${WINDOW_WGSL}
fn conv_dst(t: u32, q: u32) -> i32 {
  let z = window_out_index(q / (u.iH * u.iW), t / (u.kH * u.kW), u.sD, u.dD, u.pD, u.oD);
  let y = window_out_index((q / u.iW) % u.iH, (t / u.kW) % u.kH, u.sH, u.dH, u.pH, u.oH);
  let x = window_out_index(q % u.iW, t % u.kW, u.sW, u.dW, u.pW, u.oW);
  if (z < 0 || y < 0 || x < 0) { return -1; }
  return (z * i32(u.oH) + y) * i32(u.oW) + x;
}
`;
