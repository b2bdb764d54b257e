import type { Program, Scalar, UniformField } from '../gpu/program.js';

/** Output tile of one workgroup (rows × cols), the K step, and outputs per thread per side. */
export const TILE = 64;
const TK = 16;
const PER_THREAD = 4;
const THREADS = TILE / PER_THREAD; // 16 × 16 = 256 invocations, SwiftShader's and Chromium's limit

/**
 * A GEMM whose operands are functions rather than matrices: the caller supplies WGSL for
 *   gemm_setup(z), gemm_k_range(z) -> vec2<u32> [begin, end),
 *   gemm_b_column(z, col): called once per thread, because a thread stages the same column
 *     of every B slab, so index arithmetic that depends only on the column is done once,
 *   load_a(z, row, k), load_b(z, k, col) (only called in range) and store_c(z, row, col, v),
 * with sizes in uniforms `gM`, `gN`. Matmul reads strided views through them; the
 * convolutions compute the im2col index on the fly (implicit GEMM, no column buffer).
 *
 * Each workgroup of 16×16 threads owns a 64×64 tile of C and walks K in steps of 16:
 * the threads stage a 64×16 slab of A and a 16×64 slab of B in workgroup memory (as vec4s
 * of 4 rows / 4 columns), then each thread accumulates its 4×4 block in registers from
 * them, one vec4 FMA per row of its block per k.
 *
 * The loops' trip counts (loads per thread, the K step, the block size) come from uniforms
 * although they never change: LLVM-based drivers (lavapipe, SwiftShader) would otherwise
 * unroll them all and take 5–10 s to JIT each GEMM on first dispatch. The K loop is unrolled
 * by hand four times instead, which keeps the FMA chain straight at a fraction of the code.
 */
export function gemmProgram(spec: {
  key: string;
  type: Scalar;
  inputs: readonly Scalar[];
  outputs: readonly Scalar[];
  uniforms: readonly UniformField[];
  functions: string;
}): Program {
  const t = spec.type;
  const v4 = `vec4<${t}>`;
  const mac = (i: number, c: string) =>
    t === 'f32' ? `acc${i} = fma(${v4}(a.${c}), b, acc${i});` : `acc${i} = acc${i} + ${v4}(a.${c}) * b;`;
  const comps = ['x', 'y', 'z', 'w'];
  return {
    key: `gemm:${spec.key}`,
    inputs: spec.inputs,
    outputs: spec.outputs,
    uniforms: [['gM', 'u32'], ['gN', 'u32'], ['gLoads', 'u32'], ['gTk', 'u32'], ['gBlock', 'u32'], ...spec.uniforms],
    main: `${spec.functions}
var<workgroup> tileA: array<${v4}, ${TK * THREADS}>;
var<workgroup> tileB: array<${v4}, ${TK * THREADS}>;

@compute @workgroup_size(${THREADS}, ${THREADS}, 1)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(local_invocation_index) tid: u32) {
  let z = wg.z;
  gemm_setup(z);
  let row0 = wg.y * ${TILE}u;
  let col0 = wg.x * ${TILE}u;
  let kr = gemm_k_range(z);
  // ${THREADS * THREADS} threads stage ${TILE}-wide B slabs, so tid % ${TILE} is this thread's column in all of them.
  gemm_b_column(z, col0 + tid % ${TILE}u);
  var acc0 = ${v4}(); var acc1 = ${v4}(); var acc2 = ${v4}(); var acc3 = ${v4}();
  for (var k0 = kr.x; k0 < kr.y; k0 += ${TK}u) {
    for (var l = 0u; l < u.gLoads; l++) {
      let e = tid + l * ${THREADS * THREADS}u;
      // A slab: consecutive threads take consecutive k of one row.
      let ar = e / ${TK}u;
      let ak = e % ${TK}u;
      var va = ${t}(0);
      if (row0 + ar < u.gM && k0 + ak < kr.y) { va = load_a(z, row0 + ar, k0 + ak); }
      tileA[ak * ${THREADS}u + ar / 4u][ar % 4u] = va;
      // B slab: consecutive threads take consecutive columns of one k.
      let bk = e / ${TILE}u;
      let bc = e % ${TILE}u;
      var vb = ${t}(0);
      if (k0 + bk < kr.y && col0 + bc < u.gN) { vb = load_b(z, k0 + bk, col0 + bc); }
      tileB[bk * ${THREADS}u + bc / 4u][bc % 4u] = vb;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < u.gTk; kk += 4u) {
      ${[0, 1, 2, 3].map((q) => `{
        let a = tileA[(kk + ${q}u) * ${THREADS}u + lid.y];
        let b = tileB[(kk + ${q}u) * ${THREADS}u + lid.x];
        ${[0, 1, 2, 3].map((i) => mac(i, comps[i]!)).join('\n        ')}
      }`).join('\n      ')}
    }
    workgroupBarrier();
  }
  let r = row0 + lid.y * 4u;
  let c = col0 + lid.x * 4u;
  var rows = array<${v4}, 4>(acc0, acc1, acc2, acc3);
  for (var i = 0u; i < u.gBlock; i++) {
    if (r + i >= u.gM) { break; }
    for (var j = 0u; j < u.gBlock; j++) {
      if (c + j < u.gN) { store_c(z, r + i, c + j, rows[i][j]); }
    }
  }
}`,
  };
}

/** The leading uniform values of every GEMM program: sizes, then the loop trip counts. */
export function gemmSizes(m: number, n: number): number[] {
  return [m, n, (TILE * TK) / (THREADS * THREADS), TK, PER_THREAD];
}

/** Workgroups for an M×N output per z, z layers deep. */
export function gemmGrid(op: string, m: number, n: number, z: number): [number, number, number] {
  const grid: [number, number, number] = [Math.ceil(n / TILE), Math.ceil(m / TILE), z];
  if (grid.some((g) => g > 65535)) {
    throw new Error(`${op}: a ${m}×${n} GEMM over ${z} layers needs workgroups [${grid.join(', ')}], beyond WebGPU's 65535 per dimension`);
  }
  return grid;
}
