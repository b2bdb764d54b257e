import type { ConvGeometry } from './backend.js';

/**
 * A grouped convolution as one GEMM per (sample, group): y_g [og, positions] = w_g [og, rows] ·
 * cols_g [rows, positions], where the columns hold each output position's receptive field.
 * Every backend's conv kernels and core's defaults take their sizes from here.
 */
export interface ConvGemm {
  /** Input and output channels per group. */
  readonly cg: number;
  readonly og: number;
  /** Kernel taps, kd·kh·kw. */
  readonly taps: number;
  /** The GEMM's inner size: cg·taps, one row of columns per (channel, tap). */
  readonly rows: number;
  /** Output positions, Do·Ho·Wo: the GEMM's columns. */
  readonly positions: number;
  /** Input positions per channel, D·H·W. */
  readonly inPositions: number;
}

export function convGemm(g: ConvGeometry): ConvGemm {
  const cg = g.inChannels / g.groups;
  const taps = g.kernel[0] * g.kernel[1] * g.kernel[2];
  return {
    cg,
    og: g.outChannels / g.groups,
    taps,
    rows: cg * taps,
    positions: g.outSize[0] * g.outSize[1] * g.outSize[2],
    inPositions: g.inSize[0] * g.inSize[1] * g.inSize[2],
  };
}
