import type { Program, Scalar } from '../gpu/program.js';
import { gemmProgram, type TileShape } from './gemm.wgsl.js';
import { walkCode, walkUniforms } from './strided.js';

/**
 * Batched matmul of strided views: A [..., M, K] and B [..., K, N] are read through their
 * row and column strides (a transposed operand is just swapped strides, never a copy), and
 * each z layer finds its batch entry's offsets by walking the broadcast batch dims.
 */
export function matmulProgram(type: Scalar, batchRank: number, tile: TileShape): Program {
  return gemmProgram({
    key: `matmul:${type}:${batchRank}`,
    type,
    tile,
    inputs: [type, type],
    outputs: [type],
    uniforms: [
      ['K', 'u32'],
      ['zBase', 'u32'],
      ['aRow', 'i32'],
      ['aCol', 'i32'],
      ['bRow', 'i32'],
      ['bCol', 'i32'],
      ...walkUniforms('b', batchRank, 2),
    ],
    functions: `
var<private> aBase: i32;
var<private> bBase: i32;
fn gemm_setup(z: u32) {
  ${walkCode('b', batchRank, 2, 'z + u.zBase')}
  aBase = i32(bp0);
  bBase = i32(bp1);
}
fn gemm_b_column(z: u32, col: u32) {}
fn gemm_k_range(z: u32) -> vec2<u32> { return vec2<u32>(0u, u.K); }
fn load_a(z: u32, row: u32, k: u32) -> ${type} { return in0[u32(aBase + i32(row) * u.aRow + i32(k) * u.aCol)]; }
fn load_b(z: u32, k: u32, col: u32) -> ${type} { return in1[u32(bBase + i32(k) * u.bRow + i32(col) * u.bCol)]; }
fn store_c(z: u32, row: u32, col: u32, v: ${type}) { out0[((z + u.zBase) * u.gM + row) * u.gN + col] = v; }`,
  });
}
