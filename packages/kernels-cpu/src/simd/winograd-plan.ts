import type { ConvGeometry } from '@stride/core-tensor/backend';
import { MR, NR } from '../wasm/gemm-block.js';
import { alpha, countOps, gradientTransform, inputTransform, outputTransform, type WinogradTile } from '../wasm/winograd-transforms.js';
import { CHUNK_TILES, weightChunks } from './winograd-weights.js';

/*
 * Which convolutions run by Winograd, and with which tile: a rule on operation counts (no
 * timings). Every count is in wasm instructions of the code that would run, per thread-second
 * alike, so the direct path and each tile size compare on one scale.
 */

/**
 * The most input channels F(4×4) sums over: its transforms amplify float32 rounding (the
 * output transform's rows reach 8·s₃ + s₅), and the error grows with the channels summed. At
 * 256 channels it stays under a third of the conformance tolerance (1e-5 of the largest
 * output; test/winograd-precision.test.ts measures it against float64); past that F(2×2) is
 * used, whose error is an order of magnitude smaller.
 */
export const F4_MAX_CHANNELS = 256;

/** The micro-kernel's instructions per multiply-add: per k, NR/4 loads, MR splats, MR·NR/4 madds and 3 of loop, for MR·NR multiply-adds. */
const GEMM_PER_MAC = 17 / 32;
/** im2col_packed per column element: two vector loads and stores and their addressing per NR elements. */
const DIRECT_PACK_PER_ELEMENT = 0.75;
/**
 * The weight transform runs in JavaScript: a scalar double operation costs about four of the
 * kernels' instructions, counted twice as it runs on the calling thread alone while the GEMMs
 * share the pool. A fixed factor, not the pool's size: the plan, and with it the bits, must not
 * depend on the thread count.
 */
const SCALAR_OP = 8;

/** Whether this is a convolution F(m×m, 3×3) computes: 2-D, 3×3, stride 1, undilated, ungrouped, padding 0…2 on every side. */
export function winogradEligible(g: ConvGeometry): boolean {
  const unit = (t: readonly number[]) => t[1] === 1 && t[2] === 1;
  if (g.inSize[0] !== 1 || g.outSize[0] !== 1 || g.kernel[0] !== 1 || g.kernel[1] !== 3 || g.kernel[2] !== 3) return false;
  if (!unit(g.stride) || !unit(g.dilation) || g.groups !== 1) return false;
  if (g.batch < 1 || g.inChannels < 1 || g.outChannels < 1) return false;
  for (const d of [1, 2] as const) {
    const before = g.padBefore[d];
    const after = g.outSize[d] + 2 - g.inSize[d] - before;
    if (before < 0 || before > 2 || after < 0 || after > 2 || g.outSize[d] < 1) return false;
  }
  return true;
}

/**
 * The tile size that does this convolution in the fewest instructions, or null where the
 * direct path (packed columns and the blocked GEMM) does. F(4×4) only up to F4_MAX_CHANNELS.
 */
export function winogradPlan(g: ConvGeometry): WinogradTile | null {
  if (!winogradEligible(g)) return null;
  const costs: [WinogradTile | null, number][] = [
    [null, directCost(g)],
    [2, winogradCost(g, 2)],
  ];
  if (g.inChannels <= F4_MAX_CHANNELS) costs.push([4, winogradCost(g, 4)]);
  costs.sort((x, y) => x[1] - y[1]);
  return costs[0]![0];
}

/** Instructions of the direct path: the GEMM over 9·C rows of columns, and packing them. */
export function directCost(g: ConvGeometry): number {
  const positions = g.batch * g.outSize[1] * g.outSize[2];
  const rows = 9 * g.inChannels;
  return positions * rows * (paddedRows(g.outChannels) * GEMM_PER_MAC + DIRECT_PACK_PER_ELEMENT);
}

/** Instructions of F(m×m, 3×3): α² GEMMs over the tiles, the input and output transforms, and the weight transform. */
export function winogradCost(g: ConvGeometry, m: WinogradTile): number {
  const a = alpha(m);
  const tiles = g.batch * Math.ceil(g.outSize[1] / m) * Math.ceil(g.outSize[2] / m);
  const [c, k] = [g.inChannels, paddedRows(g.outChannels)];
  const gemm = a * a * c * k * GEMM_PER_MAC;
  const perTile = gemm + (c * inputTransformCost(m)) / 4 + (k * outputTransformCost(m)) / 4;
  // G g Gᵀ per (output, input) channel pair: G g, then that times Gᵀ, a multiply and an add each.
  const weights = g.outChannels * c * 2 * (a * 3 * 3 + a * a * 3) * SCALAR_OP;
  return tiles * perTile + weights;
}

/**
 * The tile size that computes this convolution's weight gradient in the fewest instructions,
 * or null where the direct path (im2col and the blocked GEMM) does. F(4×4) only up to
 * F4_MAX_CHANNELS and where each partial sum takes at most CHUNK_TILES tiles: its error grows
 * with the tiles summed (test/winograd-precision.test.ts).
 */
export function winogradWeightPlan(g: ConvGeometry): WinogradTile | null {
  if (!winogradEligible(g)) return null;
  const costs: [WinogradTile | null, number][] = [
    [null, directCost(g)],
    [2, winogradWeightCost(g, 2)],
  ];
  if (f4WeightsPrecise(g)) costs.push([4, winogradWeightCost(g, 4)]);
  costs.sort((x, y) => x[1] - y[1]);
  return costs[0]![0];
}

/** Whether F(4×4)'s weight gradient stays within its precision limits: up to F4_MAX_CHANNELS, at most CHUNK_TILES tiles a partial sum. */
export function f4WeightsPrecise(g: ConvGeometry): boolean {
  const tiles = g.batch * Math.ceil(g.outSize[1] / 4) * Math.ceil(g.outSize[2] / 4);
  return g.inChannels <= F4_MAX_CHANNELS && tiles / weightChunks(4, g.inChannels, g.outChannels, tiles) <= CHUNK_TILES;
}

/**
 * Instructions of the transposed F(m×m, 3×3) for the weight gradient: α² GEMMs summing over the
 * tiles (channels padded to whole panels), the two operand transforms, adding the partial sums
 * (a vector add per four floats: two loads, an add, a store) and G's transform in JavaScript.
 */
export function winogradWeightCost(g: ConvGeometry, m: WinogradTile): number {
  const a = alpha(m);
  const tiles = g.batch * Math.ceil(g.outSize[1] / m) * Math.ceil(g.outSize[2] / m);
  const [c, k] = [Math.ceil(g.inChannels / NR) * NR, paddedRows(g.outChannels)];
  const perTile = a * a * c * k * GEMM_PER_MAC + (c * inputTransformCost(m)) / 4 + (k * gradientTransformCost(m)) / 4;
  const partials = weightChunks(m, g.inChannels, g.outChannels, tiles) * a * a * c * k;
  const weights = g.outChannels * g.inChannels * 2 * (a * a * 3 + a * 3 * 3) * SCALAR_OP;
  return tiles * perTile + partials + weights;
}

/**
 * Instructions of the output gradient's transform per tile and four output channels
 * (winograd-weight-operands.ts): per tile row and lane a bounds test (5), an address (3) and a
 * masked load (2); a 4×4 transpose per row; the transform along the m rows and the α columns;
 * α² stores with their addresses (4 each).
 */
export function gradientTransformCost(m: WinogradTile): number {
  const a = alpha(m);
  const arithmetic = (m + a) * countOps((o, y) => gradientTransform(m, y, o), m);
  return m * (4 * 10 + 8) + arithmetic + a * a * 4;
}

/**
 * Instructions of the input transform per four tiles and one channel (winograd-input.ts): per
 * patch row and lane a bounds test (3), an address (1), one or two masked loads (2 each); the
 * transposes into lanes (8 shuffles, 12 with F(4×4)'s two extra columns); the transform along
 * the α rows and the α columns; α² stores with their addresses (4 each).
 */
export function inputTransformCost(m: WinogradTile): number {
  const a = alpha(m);
  const loads = m === 2 ? 1 : 2;
  const perRow = 4 * (4 + 2 * loads) + (m === 2 ? 8 : 12);
  const arithmetic = 2 * a * countOps((o, d) => inputTransform(m, d, o), a);
  return a * perRow + arithmetic + a * a * 4;
}

/**
 * Instructions of the output transform per four tiles and one output channel
 * (winograd-output.ts): α² loads with their addresses (4 each), the transform along the α
 * columns then the m rows, and per output row the shuffles back into pixel runs (8 for a 4×4
 * transpose, 2 for F(2×2)) and four tiles' stores with their bounds tests (5 each).
 */
export function outputTransformCost(m: WinogradTile): number {
  const a = alpha(m);
  const arithmetic = (a + m) * countOps((o, s) => outputTransform(m, s, o), a);
  return a * a * 4 + arithmetic + m * ((m === 4 ? 8 : 2) + 4 * 5);
}

const paddedRows = (n: number) => Math.ceil(n / MR) * MR;
