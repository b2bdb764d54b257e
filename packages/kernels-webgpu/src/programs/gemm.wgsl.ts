import type { Program, Scalar, UniformField } from '../gpu/program.js';

/**
 * Workgroup tile shapes: rows × cols of C per workgroup of 256 threads, each thread a 4×4
 * block, and the K step. `square` suits large M; `wide` wastes far less where M is small
 * (a convolution with few channels, a linear layer with a small batch): M = 20 pads to 32
 * rows instead of 64, M = 1 to 16. `wide` takes K in steps of 8 so its B slab (8×256) stays
 * within WebGPU's default 16 KiB of workgroup memory.
 */
export const TILES = {
  square: { rows: 64, cols: 64, k: 16 },
  wide: { rows: 16, cols: 256, k: 8 },
} as const;
export type TileShape = keyof typeof TILES;
const THREADS = 256;
const BLOCK = 4;

/** The tile shape that pads an M×N output least (ties go to `square`, the better-balanced one). */
export function tileFor(m: number, n: number): TileShape {
  const padded = (t: TileShape) => Math.ceil(m / TILES[t].rows) * TILES[t].rows * Math.ceil(n / TILES[t].cols) * TILES[t].cols;
  return padded('wide') < padded('square') ? 'wide' : 'square';
}

/**
 * A GEMM whose operands are functions rather than matrices: the caller supplies WGSL for
 *   gemm_setup(z), gemm_k_range(z) -> vec2<u32> [begin, end),
 *   gemm_b_column(z, col): called once per thread, because a thread stages the same column
 *     of every B slab, so index arithmetic that depends only on the column is done once,
 *   load_a(z, row, k), load_b(z, k, col) (only called in range) and store_c(z, row, col, v),
 * with sizes in uniforms `gM`, `gN`. Matmul reads strided views through them; the
 * convolutions compute the im2col index on the fly (implicit GEMM, no column buffer).
 *
 * Each workgroup owns a rows × cols tile of C and walks K in steps of k: the threads stage a
 * rows × k slab of A and a k × cols slab of B in workgroup memory (as vec4s of 4 rows / 4
 * columns), then each thread accumulates its 4×4 block in registers, one vec4 FMA per row of
 * its block per k.
 *
 * The loops' trip counts (loads per thread, the K step, the block size) come from uniforms
 * although they never change: LLVM-based drivers (lavapipe, SwiftShader) would otherwise
 * unroll them all and take 5–10 s to JIT each GEMM on first dispatch. The K loop is unrolled
 * by hand four times instead, which keeps the FMA chain straight at a fraction of the code.
 */
export function gemmProgram(spec: {
  key: string;
  type: Scalar;
  tile: TileShape;
  inputs: readonly Scalar[];
  outputs: readonly Scalar[];
  uniforms: readonly UniformField[];
  functions: string;
}): Program {
  const t = spec.type;
  const { rows, cols, k: tk } = TILES[spec.tile];
  const tx = cols / BLOCK;
  const ty = rows / BLOCK;
  const v4 = `vec4<${t}>`;
  const mac = (i: number, c: string) =>
    t === 'f32' ? `acc${i} = fma(${v4}(a.${c}), b, acc${i});` : `acc${i} = acc${i} + ${v4}(a.${c}) * b;`;
  const comps = ['x', 'y', 'z', 'w'];
  return {
    key: `gemm:${spec.tile}:${spec.key}`,
    inputs: spec.inputs,
    outputs: spec.outputs,
    uniforms: [['gM', 'u32'], ['gN', 'u32'], ['gLoadsA', 'u32'], ['gLoadsB', 'u32'], ['gTk', 'u32'], ['gBlock', 'u32'], ...spec.uniforms],
    main: `${spec.functions}
var<workgroup> tileA: array<${v4}, ${tk * ty}>;
var<workgroup> tileB: array<${v4}, ${tk * tx}>;

@compute @workgroup_size(${tx}, ${ty}, 1)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>, @builtin(local_invocation_index) tid: u32) {
  let z = wg.z;
  gemm_setup(z);
  let row0 = wg.y * ${rows}u;
  let col0 = wg.x * ${cols}u;
  let kr = gemm_k_range(z);
  // ${THREADS} threads stage ${cols}-wide B slabs, so tid % ${cols} is this thread's column in all of them.
  let bc = tid % ${cols}u;
  gemm_b_column(z, col0 + bc);
  var acc0 = ${v4}(); var acc1 = ${v4}(); var acc2 = ${v4}(); var acc3 = ${v4}();
  for (var k0 = kr.x; k0 < kr.y; k0 += ${tk}u) {
    // A slab: consecutive threads take consecutive k of one row.
    for (var l = 0u; l < u.gLoadsA; l++) {
      let e = tid + l * ${THREADS}u;
      let ar = e / ${tk}u;
      let ak = e % ${tk}u;
      if (ar < ${rows}u) {
        var va = ${t}(0);
        if (row0 + ar < u.gM && k0 + ak < kr.y) { va = load_a(z, row0 + ar, k0 + ak); }
        tileA[ak * ${ty}u + ar / 4u][ar % 4u] = va;
      }
    }
    // B slab: consecutive threads take consecutive columns of one k.
    for (var l = 0u; l < u.gLoadsB; l++) {
      let bk = (tid + l * ${THREADS}u) / ${cols}u;
      var vb = ${t}(0);
      if (k0 + bk < kr.y && col0 + bc < u.gN) { vb = load_b(z, k0 + bk, col0 + bc); }
      tileB[bk * ${tx}u + bc / 4u][bc % 4u] = vb;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < u.gTk; kk += 4u) {
      ${[0, 1, 2, 3]
        .map(
          (q) => `{
        let a = tileA[(kk + ${q}u) * ${ty}u + lid.y];
        let b = tileB[(kk + ${q}u) * ${tx}u + lid.x];
        ${[0, 1, 2, 3].map((i) => mac(i, comps[i]!)).join('\n        ')}
      }`,
        )
        .join('\n      ')}
    }
    workgroupBarrier();
  }
  let r = row0 + lid.y * 4u;
  let c = col0 + lid.x * 4u;
  var block = array<${v4}, 4>(acc0, acc1, acc2, acc3);
  for (var i = 0u; i < u.gBlock; i++) {
    if (r + i >= u.gM) { break; }
    for (var j = 0u; j < u.gBlock; j++) {
      if (c + j < u.gN) { store_c(z, r + i, c + j, block[i][j]); }
    }
  }
}`,
  };
}

/** The leading uniform values of every GEMM program: sizes, then the loop trip counts. */
export function gemmSizes(tile: TileShape, m: number, n: number): number[] {
  const { rows, cols, k } = TILES[tile];
  return [m, n, Math.ceil((rows * k) / THREADS), (cols * k) / THREADS, k, BLOCK];
}

/** Workgroups for an M×N output per z, z layers deep. */
export function gemmGrid(op: string, tile: TileShape, m: number, n: number, z: number): [number, number, number] {
  const grid: [number, number, number] = [Math.ceil(n / TILES[tile].cols), Math.ceil(m / TILES[tile].rows), z];
  if (grid.some((g) => g > 65535)) {
    throw new Error(`${op}: a ${m}×${n} GEMM over ${z} layers needs workgroups [${grid.join(', ')}], beyond WebGPU's 65535 per dimension`);
  }
  return grid;
}
