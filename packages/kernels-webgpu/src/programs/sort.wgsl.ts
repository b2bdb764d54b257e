import { linearMain, WORKGROUP, type Program, type Scalar } from '../gpu/program.js';
import { MATH_WGSL } from './math.wgsl.js';

/*
 * Bitonic sorting networks over lines padded to a power of two `width`. A bitonic network is not
 * stable, so elements compare as (padding last, value, original position): equal values keep
 * their order in both directions and the padding sinks to the end. NaN sorts above every number,
 * as in torch.sort. Lines are x's elements along the axis: line r (of outer · inner) starts at
 * (r / inner) · n · inner + r % inner and steps by inner.
 */

/** Lines up to this long sort in one workgroup's memory (8 KiB of keys and positions). */
export const SHARED_WIDTH = 1024;

/** WGSL `before(va, pa, vb, pb)`: element (va, pa) comes before (vb, pb); `n` pads above. */
function beforeFn(type: Scalar, descending: boolean): string {
  const nan = type === 'f32';
  const valueFirst = descending ? 'va > vb' : 'va < vb';
  return `
fn before(va: ${type}, pa: u32, vb: ${type}, pb: u32) -> bool {
  let padA = pa >= u.n;
  let padB = pb >= u.n;
  if (padA != padB) { return padB; }
  ${
    nan
      ? `let nanA = is_nan(va);
  let nanB = is_nan(vb);
  if (nanA != nanB) { return ${descending ? 'nanA' : 'nanB'}; }
  if (!nanA && va != vb) { return ${valueFirst}; }`
      : `if (va != vb) { return ${valueFirst}; }`
  }
  return pa < pb;
}`;
}

const lineUniforms = [
  ['n', 'u32'],
  ['inner', 'u32'],
  ['len', 'u32'],
  ['lines', 'u32'],
  ['width', 'u32'],
] as const;

/**
 * One workgroup per line of at most SHARED_WIDTH: load it into workgroup memory, run every stage
 * of the network there (a barrier between stages), then write the first `len` values and their
 * positions to x's layout with `len` along the axis.
 */
export function sortLinesProgram(type: Scalar, descending: boolean): Program {
  return {
    key: `sort-lines:${type}:${descending ? 'desc' : 'asc'}`,
    inputs: [type],
    outputs: [type, 'i32'],
    uniforms: lineUniforms,
    main: `${MATH_WGSL}
var<workgroup> keys: array<${type}, ${SHARED_WIDTH}>;
var<workgroup> places: array<u32, ${SHARED_WIDTH}>;
${beforeFn(type, descending)}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = wg.y * nwg.x + wg.x;
  if (r >= u.lines) { return; }
  let start = (r / u.inner) * u.n * u.inner + r % u.inner;
  for (var t = lid; t < u.width; t += ${WORKGROUP}u) {
    places[t] = t;
    if (t < u.n) { keys[t] = in0[start + t * u.inner]; } else { keys[t] = ${type}(0); }
  }
  workgroupBarrier();
  for (var k = 2u; k <= u.width; k = k << 1u) {
    for (var j = k >> 1u; j > 0u; j = j >> 1u) {
      for (var t = lid; t < u.width / 2u; t += ${WORKGROUP}u) {
        let a = 2u * j * (t / j) + t % j;
        let b = a + j;
        let va = keys[a];
        let vb = keys[b];
        let pa = places[a];
        let pb = places[b];
        let swap = select(before(va, pa, vb, pb), before(vb, pb, va, pa), (a & k) == 0u);
        if (swap) {
          keys[a] = vb;
          keys[b] = va;
          places[a] = pb;
          places[b] = pa;
        }
      }
      workgroupBarrier();
    }
  }
  let to = (r / u.inner) * u.len * u.inner + r % u.inner;
  for (var t = lid; t < u.len; t += ${WORKGROUP}u) {
    out0[to + t * u.inner] = keys[t];
    out1[to + t * u.inner] = i32(places[t]);
  }
}`,
  };
}

/** Long lines, step 1: every line copied into [lines, width] keys and positions, padded. */
export function sortLoadProgram(type: Scalar): Program {
  return {
    key: `sort-load:${type}`,
    inputs: [type],
    outputs: [type, 'u32'],
    uniforms: [...lineUniforms, ['total', 'u32']],
    main: `${linearMain('u.total')}
  let r = i / u.width;
  let t = i % u.width;
  out1[i] = t;
  if (t < u.n) { out0[i] = in0[(r / u.inner) * u.n * u.inner + r % u.inner + t * u.inner]; } else { out0[i] = ${type}(0); }
}`,
  };
}

/** Long lines, step 2 (once per stage k, j): one thread per pair compare-exchanges in place. */
export function sortStageProgram(type: Scalar, descending: boolean): Program {
  return {
    key: `sort-stage:${type}:${descending ? 'desc' : 'asc'}`,
    inputs: [],
    outputs: [type, 'u32'],
    uniforms: [...lineUniforms, ['pairs', 'u32'], ['k', 'u32'], ['j', 'u32']],
    main: `${MATH_WGSL}
${beforeFn(type, descending)}
${linearMain('u.pairs')}
  let half = u.width / 2u;
  let t = i % half;
  let line = (i / half) * u.width;
  let a = 2u * u.j * (t / u.j) + t % u.j;
  let b = a + u.j;
  let va = out0[line + a];
  let vb = out0[line + b];
  let pa = out1[line + a];
  let pb = out1[line + b];
  let swap = select(before(va, pa, vb, pb), before(vb, pb, va, pa), (a & u.k) == 0u);
  if (swap) {
    out0[line + a] = vb;
    out0[line + b] = va;
    out1[line + a] = pb;
    out1[line + b] = pa;
  }
}`,
  };
}

/** Long lines, step 3: the first `len` of each sorted line, back in x's layout. */
export function sortStoreProgram(type: Scalar): Program {
  return {
    key: `sort-store:${type}`,
    inputs: [type, 'u32'],
    outputs: [type, 'i32'],
    uniforms: [...lineUniforms, ['total', 'u32']],
    main: `${linearMain('u.total')}
  let r = i / u.len;
  let t = i % u.len;
  let to = (r / u.inner) * u.len * u.inner + r % u.inner + t * u.inner;
  out0[to] = in0[r * u.width + t];
  out1[to] = i32(in1[r * u.width + t]);
}`,
  };
}
