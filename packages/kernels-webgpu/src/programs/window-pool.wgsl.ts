import { linearMain, type Program, type UniformField } from '../gpu/program.js';
import { MATH_WGSL } from './math.wgsl.js';
import { PLANE_WINDOW_UNIFORMS } from './pool.wgsl.js';

/** Planes of H×W in, oH×oW out; fractional pooling adds its kernel and α per axis. */
const WINDOW_UNIFORMS: readonly UniformField[] = [...PLANE_WINDOW_UNIFORMS, ['alphaH', 'f32'], ['alphaW', 'f32']];

export type WindowKind = 'adaptive' | 'fractional';

/**
 * Where output i's window starts and ends along one axis. Adaptive: [⌊i·n/out⌋, ⌈(i+1)·n/out⌉).
 * Fractional (PyTorch's generate_intervals, in f32 as its float32 kernel): start(i) =
 * i32((i + u)·α) − i32(u·α), the last window at n − k; each k wide. `u` is the plane's sample.
 */
const WINDOWS_WGSL: Record<WindowKind, string> = {
  adaptive: /* wgsl */ `
fn win_start(i: u32, n: u32, out: u32, k: u32, u: f32, alpha: f32) -> u32 { return (i * n) / out; }
fn win_end(i: u32, n: u32, out: u32, k: u32, u: f32, alpha: f32) -> u32 { return ((i + 1u) * n + out - 1u) / out; }
`,
  fractional: /* wgsl */ `
fn win_start(i: u32, n: u32, out: u32, k: u32, u: f32, alpha: f32) -> u32 {
  if (i + 1u == out) { return n - k; }
  return u32(i32((f32(i) + u) * alpha) - i32(u * alpha));
}
fn win_end(i: u32, n: u32, out: u32, k: u32, u: f32, alpha: f32) -> u32 { return win_start(i, n, out, k, u, alpha) + k; }
`,
};

/** in0: x; in1: the samples (fractional) or unused. The first maximum wins; a NaN replaces the maximum so far, as PyTorch. */
export function windowMaxProgram(kind: WindowKind): Program {
  return {
    key: `window-max:${kind}`,
    inputs: ['f32', 'f32'],
    outputs: ['f32', 'i32'],
    uniforms: WINDOW_UNIFORMS,
    main: `${MATH_WGSL}${WINDOWS_WGSL[kind]}${samplesOf(kind)}
${linearMain('u.n')}
  let plane = i / (u.oH * u.oW);
  let oy = (i / u.oW) % u.oH;
  let ox = i % u.oW;
  let uh = sample_h(plane);
  let uw = sample_w(plane);
  let y0 = win_start(oy, u.H, u.oH, u.kH, uh, u.alphaH);
  let y1 = win_end(oy, u.H, u.oH, u.kH, uh, u.alphaH);
  let x0 = win_start(ox, u.W, u.oW, u.kW, uw, u.alphaW);
  let x1 = win_end(ox, u.W, u.oW, u.kW, uw, u.alphaW);
  let base = plane * u.H * u.W;
  var best = -inf_f32();
  var index = i32(y0 * u.W + x0);
  for (var y = y0; y < y1; y++) {
    for (var x = x0; x < x1; x++) {
      let v = in0[base + y * u.W + x];
      if (v > best || is_nan(v)) { best = v; index = i32(y * u.W + x); }
    }
  }
  out0[i] = best;
  out1[i] = index;
}`,
  };
}

/**
 * dx gathers dy from the outputs whose window covers the element and whose argmax it is. The
 * windows' starts and ends rise with i, so the covering outputs are a run, found by bisection.
 */
export function windowMaxBackwardProgram(kind: WindowKind): Program {
  return {
    key: `window-max-backward:${kind}`,
    inputs: ['f32', 'i32', 'f32'],
    outputs: ['f32'],
    uniforms: WINDOW_UNIFORMS,
    main: `${WINDOWS_WGSL[kind]}${samplesOf(kind, 2)}
// The first output whose window ends after p (its end > p), or out.
fn first_covering(p: u32, n: u32, out: u32, k: u32, u: f32, alpha: f32) -> u32 {
  var lo = 0u;
  var hi = out;
  while (lo < hi) {
    let mid = (lo + hi) / 2u;
    if (win_end(mid, n, out, k, u, alpha) > p) { hi = mid; } else { lo = mid + 1u; }
  }
  return lo;
}
${linearMain('u.n')}
  let plane = i / (u.H * u.W);
  let y = (i / u.W) % u.H;
  let x = i % u.W;
  let here = i32(y * u.W + x);
  let uh = sample_h(plane);
  let uw = sample_w(plane);
  var acc = 0.0;
  for (var oy = first_covering(y, u.H, u.oH, u.kH, uh, u.alphaH); oy < u.oH; oy++) {
    if (win_start(oy, u.H, u.oH, u.kH, uh, u.alphaH) > y) { break; }
    for (var ox = first_covering(x, u.W, u.oW, u.kW, uw, u.alphaW); ox < u.oW; ox++) {
      if (win_start(ox, u.W, u.oW, u.kW, uw, u.alphaW) > x) { break; }
      let o = (plane * u.oH + oy) * u.oW + ox;
      if (in1[o] == here) { acc += in0[o]; }
    }
  }
  out0[i] = acc;
}`,
  };
}

/** The plane's samples from binding `in${binding}` ([planes, 2]: width's, then height's); none for adaptive windows. */
function samplesOf(kind: WindowKind, binding = 1): string {
  if (kind === 'adaptive') return 'fn sample_h(p: u32) -> f32 { return 0.0; }\nfn sample_w(p: u32) -> f32 { return 0.0; }\n';
  return `fn sample_h(p: u32) -> f32 { return in${binding}[2u * p + 1u]; }\nfn sample_w(p: u32) -> f32 { return in${binding}[2u * p]; }\n`;
}

/** Max-unpooling's threads (one per element), each plane's inputs (`count`) and outputs (`size`). */
const UNPOOL_UNIFORMS: readonly UniformField[] = [
  ['n', 'u32'],
  ['count', 'u32'],
  ['size', 'u32'],
];

/** Max-unpooling, step 1: each input claims its index's slot with its number; atomicMax keeps the last (PyTorch's CPU write order). */
export function unpoolClaimProgram(): Program {
  return {
    key: 'unpool-claim',
    inputs: ['i32'],
    outputs: ['atomic<i32>'],
    uniforms: UNPOOL_UNIFORMS,
    main: `${linearMain('u.n')}
  let plane = i / u.count;
  let p = in0[i];
  if (p >= 0 && u32(p) < u.size) { atomicMax(&out0[plane * u.size + u32(p)], i32(i % u.count)); }
}`,
  };
}

/** Step 2: each output slot takes the value of the input that claimed it last, or 0. */
export function unpoolWriteProgram(): Program {
  return {
    key: 'unpool-write',
    inputs: ['f32', 'i32'],
    outputs: ['f32'],
    uniforms: UNPOOL_UNIFORMS,
    main: `${linearMain('u.n')}
  let winner = in1[i];
  if (winner < 0) { out0[i] = 0.0; } else { out0[i] = in0[(i / u.size) * u.count + u32(winner)]; }
}`,
  };
}

/** Unpooling's gradient: each input reads dy at its index (0 outside the plane). */
export function unpoolBackwardProgram(): Program {
  return {
    key: 'unpool-backward',
    inputs: ['f32', 'i32'],
    outputs: ['f32'],
    uniforms: UNPOOL_UNIFORMS,
    main: `${linearMain('u.n')}
  let p = in1[i];
  if (p >= 0 && u32(p) < u.size) { out0[i] = in0[(i / u.count) * u.size + u32(p)]; } else { out0[i] = 0.0; }
}`,
  };
}
