import type { ConvGeometry } from '@stride/core-tensor/backend';
import type { Task } from '../threads/kernel-call.js';
import { MAX_TASKS } from '../threads/task-runner.js';
import type { ThreadPool } from '../threads/thread-pool.js';
import { outputOf } from './operands.js';
import { MR, NR } from '../wasm/gemm-block.js';
import type { WasmRuntime } from '../wasm/runtime.js';
import { KC } from '../wasm/sgemm-driver.js';
import { winogradScratchBytes } from '../wasm/winograd-driver.js';
import { INPUT_OVERREAD_BYTES } from '../wasm/winograd-input.js';
import { alpha, filterMatrix, type WinogradTile } from '../wasm/winograd-transforms.js';
import { PARALLEL_MACS } from './conv-tasks.js';

/** Scratch a thread's block of tiles may take: the packed operands and products stay in a 512 KiB L2. */
const BLOCK_BYTES = 512 * 1024;
/** The most tiles of a block: beyond it the transforms' per-block setup is long paid off. */
const MAX_TILE_BLOCK = 256;

/**
 * Where the weights of a convolution are read from: the forward pass's w [O, C, 3, 3] itself, or
 * (for the input gradient) as the full convolution's: channels swapped and each kernel turned 180°.
 */
export type WeightOrder = 'forward' | 'flipped';

/**
 * y = conv(x, w) for a Winograd-eligible geometry (`winogradEligible`) by F(m×m, 3×3), with x
 * already in wasm memory at `xAt` and y written at `yAt` (dense [batch, outChannels, oh, ow]).
 * The weights are transformed here, U = G g Gᵀ in double rounded once, and packed as the GEMM's
 * A; the tiles are split over the pool in runs of whole panels. Scratch comes from the caller's
 * scoped call.
 */
export function winogradConv(
  rt: WasmRuntime,
  pool: ThreadPool,
  m: WinogradTile,
  g: ConvGeometry,
  xAt: number,
  w: Float32Array,
  order: WeightOrder,
  yAt: number,
): void {
  const { tiles, ...x } = winogradImage(rt, m, g, xAt);
  const { channels, og, oh, ow } = x;
  const u = transformedWeights(rt, w, m, og, channels, order);
  const tileBlock = tileBlockFor(m, channels, og, tiles);
  const stride = roundUp(winogradScratchBytes(m, channels, og, tileBlock), 64);
  const scratch = rt.alloc(stride * pool.threads);
  const macs = g.batch * oh * ow * og * channels * 9;
  const taskCount = macs < PARALLEL_MACS || pool.threads === 1 ? 1 : Math.min(MAX_TASKS, 4 * pool.threads, Math.ceil(tiles / NR));
  const perTask = roundUp(Math.ceil(tiles / taskCount), NR);
  const tasks: Task[] = [];
  for (let t0 = 0; t0 < tiles; t0 += perTask) {
    tasks.push({
      calls: [
        {
          kernel: m === 2 ? 'winograd_2' : 'winograd_4',
          args: {
            ...x,
            u,
            y: yAt,
            t0,
            t1: Math.min(tiles, t0 + perTask),
            tileBlock,
            scratch,
          },
          perThread: ['scratch'],
        },
      ],
    });
  }
  pool.run(tasks, stride);
}

/**
 * y of a Winograd-eligible convolution of x (in wasm memory at `xAt`) with w, in a new array;
 * scratch from the caller's scoped call. winogradConv's parameters less yAt: this only
 * allocates y around it.
 */
export function winogradForward(
  rt: WasmRuntime,
  pool: ThreadPool,
  m: WinogradTile,
  g: ConvGeometry,
  xAt: number,
  w: Float32Array,
  order: WeightOrder,
): Float32Array {
  const y = outputOf<Float32Array>(rt, 'float32', g.batch * g.outChannels * g.outSize[1] * g.outSize[2]);
  winogradConv(rt, pool, m, g, xAt, w, order, y.at);
  return y.finish();
}

/**
 * Tiles per block: as many whole panels as keep the block's α² operands and products within
 * BLOCK_BYTES, at least one panel, at most MAX_TILE_BLOCK or the tiles there are.
 */
export function tileBlockFor(m: WinogradTile, channels: number, og: number, tiles: number): number {
  const perTile = winogradScratchBytes(m, channels, og, 1);
  const fits = Math.floor(BLOCK_BYTES / perTile / NR) * NR;
  return Math.max(NR, Math.min(fits, MAX_TILE_BLOCK, roundUp(tiles, NR)));
}

/** The sizes both Winograd drivers pass their kernels, x's address made readable (`readableImage`), and the tile count. */
export function winogradImage(
  rt: WasmRuntime,
  m: WinogradTile,
  g: ConvGeometry,
  xAt: number,
): { image: number; channels: number; h: number; w: number; ph: number; pw: number; og: number; oh: number; ow: number; tiles: number } {
  const [h, w, oh, ow] = [g.inSize[1], g.inSize[2], g.outSize[1], g.outSize[2]];
  const [channels, og] = [g.inChannels, g.outChannels];
  const image = readableImage(rt, xAt, g.batch * channels * h * w * 4);
  const tiles = g.batch * Math.ceil(oh / m) * Math.ceil(ow / m);
  return { image, channels, h, w, ph: g.padBefore[1], pw: g.padBefore[2], og, oh, ow, tiles };
}

/**
 * The image's address where the input transform's loads past its last row stay inside memory:
 * in place unless it ends within INPUT_OVERREAD_BYTES of memory's end, else a copy with room.
 */
export function readableImage(rt: WasmRuntime, at: number, bytes: number): number {
  if (at + bytes + INPUT_OVERREAD_BYTES <= rt.memory.buffer.byteLength) return at;
  const copy = rt.alloc(bytes + INPUT_OVERREAD_BYTES);
  rt.f32().copyWithin(copy / 4, at / 4, (at + bytes) / 4);
  return copy;
}

/**
 * U = G g Gᵀ for every (output, input) channel pair, as the driver reads it: for each ξ of the
 * α², the og×channels matrix packed as pack_a packs A (panels of MR rows, channel-major, in
 * blocks of KC channels, rows past og zero). `order` says where g(o, c) lies in w.
 */
export function transformedWeights(
  rt: WasmRuntime,
  w: Float32Array,
  m: WinogradTile,
  og: number,
  channels: number,
  order: WeightOrder,
): number {
  const a = alpha(m);
  const G = filterMatrix(m);
  const panelRows = roundUp(og, MR);
  const planeFloats = panelRows * channels;
  const at = rt.alloc(a * a * planeFloats * 4);
  const base = at / 4;
  const out = rt.f32();
  out.fill(0, base, base + a * a * planeFloats);
  const kernel = new Float64Array(9);
  const half = new Float64Array(a * 3);
  for (let o = 0; o < og; o++) {
    for (let c = 0; c < channels; c++) {
      // forward: w[o][c]; flipped: w[c][o] turned 180° (w is [channels, og, 3, 3] then).
      const from = order === 'forward' ? (o * channels + c) * 9 : (c * og + o) * 9;
      for (let t = 0; t < 9; t++) kernel[t] = w[order === 'forward' ? from + t : from + 8 - t]!;
      for (let i = 0; i < a; i++) {
        const row = G[i]!;
        for (let j = 0; j < 3; j++) half[i * 3 + j] = row[0]! * kernel[j]! + row[1]! * kernel[3 + j]! + row[2]! * kernel[6 + j]!;
      }
      const k0 = Math.floor(c / KC) * KC;
      const kc = Math.min(KC, channels - k0);
      const inPlane = base + k0 * panelRows + ((o - (o % MR)) * kc + (c - k0) * MR + (o % MR));
      for (let i = 0; i < a; i++) {
        for (let j = 0; j < a; j++) {
          const col = G[j]!;
          const v = half[i * 3]! * col[0]! + half[i * 3 + 1]! * col[1]! + half[i * 3 + 2]! * col[2]!;
          out[inPlane + (i * a + j) * planeFloats] = v;
        }
      }
    }
  }
  return at;
}

const roundUp = (n: number, k: number) => Math.ceil(n / k) * k;
