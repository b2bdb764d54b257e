import { linearMain, type Program, type Scalar } from '../gpu/program.js';

/**
 * Core's counter-based stream (random/counter-hash.ts) line for line in u32 arithmetic, so a
 * uniform draw is bit-identical to the CPU backend's: 24 random bits over 2^24 is exact in
 * float32. Normal draws use the same two uniforms per element; their log and cos are written
 * out (argument reduction by quarter turns, Cephes polynomials) so they stay within a few
 * float32 ulps of the CPU's double-precision Box–Muller instead of the looser WGSL builtins.
 */
const RANDOM_WGSL = /* wgsl */ `
fn pcg_hash(input: u32) -> u32 {
  let state = input * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

fn uniform_at(seed_hash: u32, i: u32) -> f32 {
  return f32(pcg_hash(seed_hash + i) >> 8u) / 16777216.0;
}

// ln(x) for x > 0: x = m·2^e with m in [√½, √2), ln m = 2·atanh((m − 1)/(m + 1)) by its series.
fn ln_f32(x: f32) -> f32 {
  let parts = frexp(x);
  var m = parts.fract * 2.0;
  var e = f32(parts.exp - 1);
  if (m > 1.41421356) { m = m * 0.5; e = e + 1.0; }
  let s = (m - 1.0) / (m + 1.0);
  let s2 = s * s;
  let series = s * (2.0 + s2 * (0.6666666667 + s2 * (0.4 + s2 * (0.2857142857 + s2 * (0.2222222222 + s2 * (0.1818181818 + s2 * 0.1538461538))))));
  return e * 0.693147180559945 + series;
}

// cos(2π·t) for t in [0, 1): t is split into quarter turns exactly, leaving |angle| ≤ π/4.
fn cos_turns(t: f32) -> f32 {
  let q = round(t * 4.0);
  let a = (t - q * 0.25) * 6.283185307179586;
  let z = a * a;
  let c = 1.0 - 0.5 * z + z * z * (0.04166664568298827 + z * (-0.001388731625493765 + z * 0.00002443315711809948));
  let s = a + a * z * (-0.16666654611 + z * (0.0083321608736 + z * -0.00019515295891));
  switch (u32(q) & 3u) {
    case 0u: { return c; }
    case 1u: { return -s; }
    case 2u: { return -c; }
    default: { return s; }
  }
}
`;

export function randomProgram(distribution: 'uniform' | 'normal', type: Scalar): Program {
  const value =
    distribution === 'uniform'
      ? 'uniform_at(u.seedHash, i)'
      : 'sqrt(-2.0 * ln_f32(1.0 - uniform_at(u.seedHash, 2u * i))) * cos_turns(uniform_at(u.seedHash, 2u * i + 1u))';
  return {
    key: `random:${distribution}:${type}`,
    inputs: [],
    outputs: [type],
    uniforms: [
      ['n', 'u32'],
      ['seedHash', 'u32'],
    ],
    main: `${RANDOM_WGSL}
${linearMain('u.n')}
  out0[i] = ${type}(${value});
}`,
  };
}
