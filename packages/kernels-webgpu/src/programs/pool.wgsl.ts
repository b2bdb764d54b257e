import type { AvgPoolOptions, PoolGeometry } from '@stride/core-tensor/backend';
import { linearMain, type Program, type Scalar, type UniformField } from '../gpu/program.js';
import { MATH_WGSL } from './math.wgsl.js';
import { WINDOW_WGSL } from './window.wgsl.js';

/** Planes of H×W in, oH×oW out, kH×kW windows: what every 2-D pooling program's uniforms start with. */
export const PLANE_WINDOW_UNIFORMS: readonly UniformField[] = [
  ['n', 'u32'],
  ['H', 'u32'],
  ['W', 'u32'],
  ['oH', 'u32'],
  ['oW', 'u32'],
  ['kH', 'u32'],
  ['kW', 'u32'],
];

const POOL_UNIFORMS: readonly UniformField[] = [
  ...PLANE_WINDOW_UNIFORMS,
  ['sH', 'u32'],
  ['sW', 'u32'],
  ['dH', 'u32'],
  ['dW', 'u32'],
  ['pH', 'i32'],
  ['pW', 'i32'],
];

export function poolValues(n: number, g: PoolGeometry): number[] {
  return [n, ...g.inSize, ...g.outSize, ...g.kernel, ...g.stride, ...g.dilation, ...g.padding];
}

const AVG_UNIFORMS: readonly UniformField[] = [
  ...POOL_UNIFORMS,
  ['countIncludePad', 'u32'],
  ['hasOverride', 'u32'],
  ['divisorOverride', 'f32'],
];

export function avgValues(n: number, g: PoolGeometry, opts: AvgPoolOptions): number[] {
  return [...poolValues(n, g), opts.countIncludePad ? 1 : 0, opts.divisorOverride === undefined ? 0 : 1, opts.divisorOverride ?? 0];
}

/**
 * Window walks shared by the pooling programs. `pool_in` maps output (oy, ox) and tap (a, b)
 * to the input index in the plane or -1; `window_out_index` inverts one dim of it for the
 * gathering backward passes. `pool_divisor` is core's avgPoolDivisor.
 */
const POOL_WGSL = /* wgsl */ `
fn pool_in(oy: u32, ox: u32, a: u32, b: u32) -> i32 {
  let y = i32(oy * u.sH + a * u.dH) - u.pH;
  let x = i32(ox * u.sW + b * u.dW) - u.pW;
  if (y < 0 || y >= i32(u.H) || x < 0 || x >= i32(u.W)) { return -1; }
  return y * i32(u.W) + x;
}
${WINDOW_WGSL}`;

const DIVISOR_WGSL = /* wgsl */ `
fn pool_divisor(oy: u32, ox: u32) -> f32 {
  if (u.hasOverride != 0u) { return u.divisorOverride; }
  var h0 = i32(oy * u.sH) - u.pH;
  var w0 = i32(ox * u.sW) - u.pW;
  var h1 = min(h0 + i32(u.kH), i32(u.H) + u.pH);
  var w1 = min(w0 + i32(u.kW), i32(u.W) + u.pW);
  if (u.countIncludePad != 0u) { return f32((h1 - h0) * (w1 - w0)); }
  h0 = max(h0, 0);
  w0 = max(w0, 0);
  h1 = min(h1, i32(u.H));
  w1 = min(w1, i32(u.W));
  return f32((h1 - h0) * (w1 - w0));
}
`;

const outputCoords = `
  let plane = i / (u.oH * u.oW);
  let oy = (i / u.oW) % u.oH;
  let ox = i % u.oW;
  let base = plane * u.H * u.W;`;

const inputCoords = `
  let plane = i / (u.H * u.W);
  let y = (i / u.W) % u.H;
  let x = i % u.W;`;

/** WGSL running `body` for each tap of output (oy, ox)'s window inside the input, `t` its in-plane index. */
const eachTap = (body: string) => `for (var a = 0u; a < u.kH; a++) {
    for (var b = 0u; b < u.kW; b++) {
      let t = pool_in(oy, ox, a, b);
      if (t < 0) { continue; }
      ${body}
    }
  }`;

/** WGSL running `body` for each window covering input (y, x): `oy`, `ox` its coordinates, `o` its index in dy. */
const eachCoveringWindow = (body: string) => `for (var a = 0u; a < u.kH; a++) {
    let oy = window_out_index(y, a, u.sH, u.dH, u.pH, u.oH);
    if (oy < 0) { continue; }
    for (var b = 0u; b < u.kW; b++) {
      let ox = window_out_index(x, b, u.sW, u.dW, u.pW, u.oW);
      if (ox < 0) { continue; }
      let o = (plane * u.oH + u32(oy)) * u.oW + u32(ox);
      ${body}
    }
  }`;

/** Max and the in-plane index of its first occurrence per window; the first NaN wins. */
export function maxPoolProgram(type: Scalar): Program {
  const nan = type === 'f32' ? '|| (is_nan(v) && !is_nan(best))' : '';
  return {
    key: `maxpool:${type}`,
    inputs: [type],
    outputs: [type, 'i32'],
    uniforms: POOL_UNIFORMS,
    main: `${MATH_WGSL}${POOL_WGSL}
${linearMain('u.n')}${outputCoords}
  var best = ${type === 'f32' ? '-inf_f32()' : 'bitcast<i32>(0x80000000u)'};
  var index = -1;
  ${eachTap(`let v = in0[base + u32(t)];
      if (index < 0 || v > best ${nan}) { best = v; index = t; }`)}
  out0[i] = best;
  out1[i] = index;
}`,
  };
}

/** dx gathers dy from every window whose argmax is this element. */
export function maxPoolBackwardProgram(type: Scalar): Program {
  return {
    key: `maxpool-backward:${type}`,
    inputs: [type, 'i32'],
    outputs: [type],
    uniforms: POOL_UNIFORMS,
    main: `${POOL_WGSL}
${linearMain('u.n')}${inputCoords}
  let here = i32(y * u.W + x);
  var acc = ${type}(0);
  ${eachCoveringWindow(`if (in1[o] == here) { acc += in0[o]; }`)}
  out0[i] = acc;
}`,
  };
}

export function avgPoolProgram(): Program {
  return {
    key: 'avgpool',
    inputs: ['f32'],
    outputs: ['f32'],
    uniforms: AVG_UNIFORMS,
    main: `${POOL_WGSL}${DIVISOR_WGSL}
${linearMain('u.n')}${outputCoords}
  var sum = 0.0;
  ${eachTap('sum += in0[base + u32(t)];')}
  out0[i] = sum / pool_divisor(oy, ox);
}`,
  };
}

/** dx gathers each covering window's dy / divisor. */
export function avgPoolBackwardProgram(): Program {
  return {
    key: 'avgpool-backward',
    inputs: ['f32'],
    outputs: ['f32'],
    uniforms: AVG_UNIFORMS,
    main: `${POOL_WGSL}${DIVISOR_WGSL}
${linearMain('u.n')}${inputCoords}
  var acc = 0.0;
  ${eachCoveringWindow('acc += in0[o] / pool_divisor(u32(oy), u32(ox));')}
  out0[i] = acc;
}`,
  };
}
