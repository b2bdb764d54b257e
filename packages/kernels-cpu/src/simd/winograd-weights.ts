import type { ConvGeometry } from '@stride/core-tensor/backend';
import type { Task } from '../threads/kernel-call.js';
import type { ThreadPool } from '../threads/thread-pool.js';
import { uninitialized } from '../storage.js';
import { MR, NR } from '../wasm/gemm-block.js';
import type { WasmRuntime } from '../wasm/runtime.js';
import { winogradPartialBytes, winogradWeightScratchBytes } from '../wasm/winograd-weight-driver.js';
import { alpha, filterMatrix, type WinogradTile } from '../wasm/winograd-transforms.js';
import { winogradImage } from './winograd.js';

/** Tiles one partial sum takes at most, so the float32 sums over tiles stay short. */
export const CHUNK_TILES = 512;
/**
 * Partial sums enough for the threads to share the work (a fixed count, as the direct path's
 * sample chunks, so the bits do not depend on the threads), while each sums at least
 * MIN_CHUNK_TILES tiles: adding a partial then costs about 3% of computing it (one
 * instruction a float against 17/32 per tile in the GEMM).
 */
const SHARED_CHUNKS = 8;
const MIN_CHUNK_TILES = 64;
/** The most partial sums, and the most bytes they may take together. */
const MAX_CHUNKS = 32;
const MAX_PARTIAL_BYTES = 64 * 1024 * 1024;
/** Scratch a thread's block of tiles may take: its operands stay in a 512 KiB L2. */
const BLOCK_BYTES = 512 * 1024;
const MAX_TILE_BLOCK = 256;

/**
 * dw of a Winograd-eligible convolution by F(m×m, 3×3): the transposed algorithm,
 * dw = Gᵀ[Σₜ (A dYₜ Aᵀ) ⊙ (Bᵀ dₜ B)]G. The tiles are cut into fixed chunks (by count, not by
 * threads), each summed in order into its own partial by `winograd_weights_m` on whichever
 * thread takes it; the partials are then added in order and G's transform applied in double,
 * so the bits do not depend on the thread count. x and dy are in wasm memory (with the 16
 * bytes after them every operand keeps); scratch from the caller's scoped call.
 */
export function winogradWeightGradient(
  rt: WasmRuntime,
  pool: ThreadPool,
  m: WinogradTile,
  g: ConvGeometry,
  xAt: number,
  dyAt: number,
): Float32Array {
  const { tiles, ...x } = winogradImage(rt, m, g, xAt);
  const { channels, og } = x;
  const partialBytes = winogradPartialBytes(m, channels, og);
  const chunks = weightChunks(m, channels, og, tiles);
  const partials = rt.alloc(chunks * partialBytes);
  rt.call('zero', { dst: partials, bytes: chunks * partialBytes });
  const perTile = winogradWeightScratchBytes(m, channels, og, 1);
  const tileBlock = Math.max(1, Math.min(MAX_TILE_BLOCK, Math.floor(BLOCK_BYTES / perTile)));
  const stride = Math.ceil((perTile * tileBlock) / 64) * 64;
  const scratch = rt.alloc(stride * pool.threads);
  const tasks: Task[] = [];
  for (let chunk = 0; chunk < chunks; chunk++) {
    const args = { ...x, dy: dyAt, tileBlock, scratch };
    const [t0, t1] = [Math.floor((chunk * tiles) / chunks), Math.floor(((chunk + 1) * tiles) / chunks)];
    const partial = partials + chunk * partialBytes;
    tasks.push({
      calls: [
        { kernel: m === 2 ? 'winograd_weights_2' : 'winograd_weights_4', args: { ...args, t0, t1, partial }, perThread: ['scratch'] },
      ],
    });
  }
  pool.run(tasks, stride);
  for (let chunk = 1; chunk < chunks; chunk++) {
    rt.call('add', { x: partials, y: partials + chunk * partialBytes, out: partials, n: partialBytes / 4 });
  }
  return filterGradient(rt.f32(), partials / 4, m, og, channels);
}

/**
 * Partial sums for `tiles` tiles: one per CHUNK_TILES, or SHARED_CHUNKS of at least
 * MIN_CHUNK_TILES where that is more; within MAX_CHUNKS and MAX_PARTIAL_BYTES.
 */
export function weightChunks(m: WinogradTile, channels: number, og: number, tiles: number): number {
  const byBytes = Math.floor(MAX_PARTIAL_BYTES / winogradPartialBytes(m, channels, og));
  const wanted = Math.max(Math.ceil(tiles / CHUNK_TILES), Math.min(SHARED_CHUNKS, Math.floor(tiles / MIN_CHUNK_TILES)));
  return Math.max(1, Math.min(MAX_CHUNKS, wanted, byBytes));
}

/** dw[o][c] = Gᵀ S[o][c] G in double, from the summed products S (α² planes of ⌈og/MR⌉·MR rows of ⌈channels/NR⌉·NR floats). */
function filterGradient(memory: Float32Array, at: number, m: WinogradTile, og: number, channels: number): Float32Array {
  const a = alpha(m);
  const G = filterMatrix(m);
  const pitch = Math.ceil(channels / NR) * NR;
  const plane = Math.ceil(og / MR) * MR * pitch;
  const dw = uninitialized('float32', og * channels * 9) as Float32Array;
  const half = new Float64Array(a * 3);
  for (let o = 0; o < og; o++) {
    for (let c = 0; c < channels; c++) {
      const from = at + o * pitch + c;
      // half = S G: for each row ξy of the α×α product, its three filter columns.
      for (let i = 0; i < a; i++) {
        for (let j = 0; j < 3; j++) {
          let sum = 0;
          for (let b = 0; b < a; b++) sum += memory[from + (i * a + b) * plane]! * G[b]![j]!;
          half[i * 3 + j] = sum;
        }
      }
      const to = (o * channels + c) * 9;
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          let sum = 0;
          for (let r = 0; r < a; r++) sum += G[r]![i]! * half[r * 3 + j]!;
          dw[to + i * 3 + j] = sum;
        }
      }
    }
  }
  return dw;
}
