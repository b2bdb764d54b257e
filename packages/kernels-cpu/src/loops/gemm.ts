/** A strided matrix inside a flat array: element (i, j) is values[offset + i·rowStride + j·colStride]. */
export interface Matrix {
  readonly values: ArrayLike<number>;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

// Goto-style blocking: a KC×NC panel of B (256 KiB of doubles) stays in L2 while MC×KC blocks
// of A (128 KiB) stream past it; the micro-kernel keeps a 4×4 tile of C in registers.
const MR = 4;
const NR = 4;
const MC = 64;
const KC = 256;
const NC = 128;

const packedA = new Float64Array(MC * KC);
const packedB = new Float64Array(KC * NC);
const tile = new Float64Array(MR * NR);

/**
 * c[cOffset + i·n + j] += Σₚ a(i, p)·b(p, j) for an m×k `a` and a k×n `b` of any strides.
 * Blocks of both are first packed into contiguous double panels, so the micro-kernel runs over
 * unit-stride memory whatever the views were, and sums accumulate in double.
 */
export function gemm(m: number, n: number, k: number, a: Matrix, b: Matrix, c: Float64Array, cOffset: number): void {
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packPanels(b, pc, jc, kc, nc, NR, true, packedB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packPanels(a, ic, pc, mc, kc, MR, false, packedA);
        for (let jr = 0; jr < nc; jr += NR) {
          for (let ir = 0; ir < mc; ir += MR) {
            microKernel(kc, packedA, ir * kc, packedB, jr * kc);
            addTile(c, cOffset + (ic + ir) * n + jc + jr, n, Math.min(MR, mc - ir), Math.min(NR, nc - jr));
          }
        }
      }
    }
  }
}

/**
 * Packs the rows×cols block of `src` at (row0, col0) into panels of `width` lines: row panels
 * for A (element (i, p) at (i/width)·width·cols + p·width + i%width), or column panels for B
 * when `byColumn`. Lines past the block's edge are zero so edge tiles need no special case.
 */
function packPanels(
  src: Matrix,
  row0: number,
  col0: number,
  rows: number,
  cols: number,
  width: number,
  byColumn: boolean,
  dst: Float64Array,
): void {
  const { values, rowStride, colStride } = src;
  // Walk the block as (line, depth): lines are rows of A or columns of B, depth is the shared k.
  const [lines, depth] = byColumn ? [cols, rows] : [rows, cols];
  const lineStride = byColumn ? colStride : rowStride;
  const depthStride = byColumn ? rowStride : colStride;
  const origin = src.offset + row0 * rowStride + col0 * colStride;
  for (let l0 = 0; l0 < lines; l0 += width) {
    const panel = l0 * depth;
    for (let w = 0; w < width; w++) {
      const line = l0 + w;
      if (line >= lines) {
        for (let p = 0; p < depth; p++) dst[panel + p * width + w] = 0;
        continue;
      }
      const from = origin + line * lineStride;
      for (let p = 0; p < depth; p++) dst[panel + p * width + w] = values[from + p * depthStride]!;
    }
  }
}

/**
 * tile = A panel (MR×kc) · B panel (kc×NR), accumulated in sixteen locals the JIT keeps in
 * registers: written out one by one on purpose, as an array of accumulators would live in memory.
 */
function microKernel(kc: number, a: Float64Array, aAt: number, b: Float64Array, bAt: number): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0;
  let c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0;
  let c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  for (let p = 0; p < kc; p++) {
    const i = aAt + p * MR;
    const j = bAt + p * NR;
    const a0 = a[i]!,
      a1 = a[i + 1]!,
      a2 = a[i + 2]!,
      a3 = a[i + 3]!;
    const b0 = b[j]!,
      b1 = b[j + 1]!,
      b2 = b[j + 2]!,
      b3 = b[j + 3]!;
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
  }
  tile[0] = c00;
  tile[1] = c01;
  tile[2] = c02;
  tile[3] = c03;
  tile[4] = c10;
  tile[5] = c11;
  tile[6] = c12;
  tile[7] = c13;
  tile[8] = c20;
  tile[9] = c21;
  tile[10] = c22;
  tile[11] = c23;
  tile[12] = c30;
  tile[13] = c31;
  tile[14] = c32;
  tile[15] = c33;
}

/** Adds the rows×cols corner of `tile` into C (row pitch `ldc`); the rest is edge padding. */
function addTile(c: Float64Array, cAt: number, ldc: number, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) c[cAt + i * ldc + j] = c[cAt + i * ldc + j]! + tile[i * NR + j]!;
  }
}
