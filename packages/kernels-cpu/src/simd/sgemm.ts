import type { Matrix } from '../loops/gemm.js';
import type { Task } from '../threads/kernel-call.js';
import type { ThreadPool } from '../threads/thread-pool.js';
import { MR, NR } from '../wasm/gemm-block.js';
import type { WasmRuntime } from '../wasm/runtime.js';
import { PACK_SCRATCH_BYTES } from '../wasm/sgemm-driver.js';
import { addressIn } from '../storage.js';

const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;
/** Below this many multiply-adds a GEMM runs on one thread: waking workers would cost more. */
const PARALLEL_MACS = 1 << 18;

/** A GEMM's operands and result, once copied into wasm memory. */
export interface StagedGemm {
  m: number;
  n: number;
  k: number;
  a: WasmMatrix;
  b: WasmMatrix;
  /** Row-major, `ldc` bytes per row, with room for whole tiles past the edges. */
  c: number;
  ldc: number;
  /** Whether A·B is added to C's values or overwrites them. */
  add: boolean;
}

/** A matrix in wasm memory: the byte address of element (0, 0) and strides in elements. */
export interface WasmMatrix {
  readonly at: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/**
 * C = A·B in float32 for an m×k A and k×n B of any strides, with WebAssembly SIMD micro-kernels
 * on every thread of `pool`. Writes into `c` (row-major, n per row) starting at `cOffset`,
 * adding when `accumulate`.
 */
export function sgemm(
  rt: WasmRuntime,
  pool: ThreadPool,
  m: number,
  n: number,
  k: number,
  a: Matrix,
  b: Matrix,
  c: Float32Array | Float64Array,
  cOffset: number,
  accumulate = false,
): void {
  if (m === 0 || n === 0) return;
  rt.scoped(() => {
    const [a_, b_] = [stage(rt, a, m, k), stage(rt, b, k, n)];
    // Where C lives in wasm memory and whole tiles cover it exactly, the kernels work on it in place.
    const inPlace = c instanceof Float32Array && m % MR === 0 && n % NR === 0 ? addressIn(rt, c, cOffset) : null;
    if (inPlace !== null) {
      if (k === 0 && !accumulate) c.fill(0, cOffset, cOffset + m * n);
      else if (k > 0)
        pool.run(gemmTasks(rt, { m, n, k, a: a_, b: b_, c: inPlace, ldc: n * 4, add: accumulate }, pool.threads), PACK_SCRATCH_BYTES);
      return;
    }
    const ldc = roundUp(n, NR) * 4;
    const cAt = rt.alloc(roundUp(m, MR) * ldc);
    const staged: StagedGemm = { m, n, k, a: a_, b: b_, c: cAt, ldc, add: accumulate };
    const mem = rt.f32();
    const cBase = cAt / 4;
    const pitch = ldc / 4;
    // Accumulating starts from C's current values; padding lanes are computed but never read.
    // Otherwise the kernels' first k block overwrites C, which then needs no zeroing (unless k = 0).
    if (accumulate && pitch === n) mem.set(c.subarray(cOffset, cOffset + m * n), cBase);
    else if (accumulate) for (let i = 0; i < m; i++) mem.set(c.subarray(cOffset + i * n, cOffset + (i + 1) * n), cBase + i * pitch);
    else if (k === 0) mem.fill(0, cBase, cBase + roundUp(m, MR) * pitch);
    if (k > 0) pool.run(gemmTasks(rt, staged, pool.threads), PACK_SCRATCH_BYTES);
    const out = rt.f32();
    // Rows of C are padded to whole tiles; where n fills them, C is one block.
    if (pitch === n) c.set(out.subarray(cBase, cBase + m * n), cOffset);
    else {
      for (let i = 0; i < m; i++) {
        const from = cBase + i * pitch;
        c.set(out.subarray(from, from + n), cOffset + i * n);
      }
    }
  });
}

/**
 * One `sgemm` call per task: the larger of C's dimensions split into `threads` slices of whole
 * tiles. Each slice packs the operand it shares with the others again, a small cost next to
 * its multiply-adds.
 */
export function gemmTasks(rt: WasmRuntime, g: StagedGemm, threads: number): Task[] {
  const parts = g.m * g.n * g.k < PARALLEL_MACS ? 1 : threads;
  const byColumns = g.n >= g.m;
  const tile = byColumns ? NR : MR;
  const extent = byColumns ? g.n : g.m;
  const slice = roundUp(Math.ceil(extent / parts), tile);
  const tasks: Task[] = [];
  for (let start = 0; start < extent; start += slice) {
    const size = Math.min(slice, extent - start);
    const [i0, j0, mi, ni] = byColumns ? [0, start, g.m, size] : [start, 0, size, g.n];
    const args = {
      m: mi,
      n: ni,
      k: g.k,
      a: g.a.at + i0 * g.a.rowStride * 4,
      aRowStride: g.a.rowStride,
      aColStride: g.a.colStride,
      b: g.b.at + j0 * g.b.colStride * 4,
      bRowStride: g.b.rowStride,
      bColStride: g.b.colStride,
      c: g.c + i0 * g.ldc + j0 * 4,
      ldc: g.ldc,
      scratch: rt.packScratch(0),
      add: +g.add,
    };
    tasks.push({ calls: [{ kernel: 'sgemm', args, perThread: ['scratch'] }] });
  }
  return tasks;
}

/** A rows×cols strided matrix in wasm memory, as float32: in place where it lives there, else a copy of the elements it can reach. */
export function stage(rt: WasmRuntime, x: Matrix, rows: number, cols: number): WasmMatrix {
  const { rowStride, colStride, offset } = x;
  const inPlace = x.values instanceof Float32Array ? addressIn(rt, x.values, offset) : null;
  if (inPlace !== null) return { at: inPlace, rowStride, colStride };
  const lo = offset + Math.min(0, (rows - 1) * rowStride) + Math.min(0, (cols - 1) * colStride);
  const hi = offset + Math.max(0, (rows - 1) * rowStride) + Math.max(0, (cols - 1) * colStride);
  const at = rt.alloc((hi - lo + 1) * 4);
  const values = x.values as Float32Array | Float64Array;
  rt.f32().set(values.subarray(lo, hi + 1), at / 4);
  return { at: at + (offset - lo) * 4, rowStride, colStride };
}
