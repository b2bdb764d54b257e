import type { Matrix } from '../gemm.js';
import { MR, NR } from '../wasm/gemm-block.js';
import type { WasmRuntime } from '../wasm/runtime.js';

// Goto-style blocking sized for a 32 KiB L1 and 512 KiB L2: a KC×NR sliver of B and an MR×KC
// sliver of A stay in L1 through a micro-kernel; a KC×NC panel of B stays in L2.
const KC = 256;
const MC = 32 * MR;
const NC = 512;

const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;

/**
 * C = A·B in float32 for an m×k A and k×n B of any strides, with WebAssembly SIMD micro-kernels.
 * Writes into `c` (row-major, n per row) starting at `cOffset`, adding when `accumulate`.
 */
export function sgemm(rt: WasmRuntime, m: number, n: number, k: number, a: Matrix, b: Matrix, c: Float32Array | Float64Array, cOffset: number, accumulate = false): void {
  if (m === 0 || n === 0) return;
  const mPad = roundUp(m, MR);
  const nPad = roundUp(n, NR);
  const aBytes = roundUp(Math.min(MC, mPad) * KC * 4, 64);
  const bBytes = roundUp(Math.min(NC, nPad) * KC * 4, 64);
  const cBytes = mPad * nPad * 4;
  const aPack = 64;
  const bPack = aPack + aBytes;
  const cAt = bPack + bBytes;
  rt.ensure(cAt + cBytes);
  const mem = rt.f32();
  const cBase = cAt / 4;
  // Accumulating starts from C's current values; padding lanes are computed but never read.
  if (accumulate && c instanceof Float32Array) {
    for (let i = 0; i < m; i++) mem.set(c.subarray(cOffset + i * n, cOffset + (i + 1) * n), cBase + i * nPad);
  } else {
    mem.fill(0, cBase, cBase + mPad * nPad);
  }
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packB(b, pc, jc, kc, nc, mem, bPack / 4);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packA(a, ic, pc, mc, kc, mem, aPack / 4);
        rt.gemmBlock(roundUp(mc, MR) / MR, roundUp(nc, NR) / NR, kc, aPack, bPack, cAt + (ic * nPad + jc) * 4, nPad * 4);
      }
    }
  }
  for (let i = 0; i < m; i++) {
    const from = cBase + i * nPad;
    const to = cOffset + i * n;
    if (accumulate && !(c instanceof Float32Array)) for (let j = 0; j < n; j++) c[to + j]! += mem[from + j]!;
    else c.set(mem.subarray(from, from + n), to);
  }
}

/** A's mc×kc block at (row0, col0) as panels of MR rows, k-major, zero rows past the edge. */
function packA(a: Matrix, row0: number, col0: number, mc: number, kc: number, dst: Float32Array, at: number): void {
  const { values, rowStride, colStride } = a;
  const origin = a.offset + row0 * rowStride + col0 * colStride;
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const panel = at + i0 * kc;
    for (let r = 0; r < MR; r++) {
      const i = i0 + r;
      if (i >= mc) {
        for (let p = 0; p < kc; p++) dst[panel + p * MR + r] = 0;
        continue;
      }
      const row = origin + i * rowStride;
      for (let p = 0; p < kc; p++) dst[panel + p * MR + r] = values[row + p * colStride]!;
    }
  }
}

/** B's kc×nc block at (row0, col0) as panels of NR columns, k-major, zero columns past the edge. */
function packB(b: Matrix, row0: number, col0: number, kc: number, nc: number, dst: Float32Array, at: number): void {
  const { values, rowStride, colStride } = b;
  const origin = b.offset + row0 * rowStride + col0 * colStride;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const panel = at + j0 * kc;
    const width = Math.min(NR, nc - j0);
    for (let p = 0; p < kc; p++) {
      const row = origin + p * rowStride + j0 * colStride;
      const out = panel + p * NR;
      let j = 0;
      if (colStride === 1) for (; j < width; j++) dst[out + j] = values[row + j]!;
      else for (; j < width; j++) dst[out + j] = values[row + j * colStride]!;
      for (; j < NR; j++) dst[out + j] = 0;
    }
  }
}
