import { convGemm, type ConvGeometry, type DataId, type OptionalKernels, type RequiredKernels } from '@stride/core-tensor/backend';
import type { Gpu } from '../gpu/gpu.js';
import { linearGrid, type Program } from '../gpu/program.js';
import { convBackwardInputDirectProgram } from '../programs/conv-backward-input-direct.wgsl.js';
import { convValues } from '../programs/conv-geometry.wgsl.js';
import { convBackwardInputProgram, convBackwardWeightProgram, convForwardProgram, type KernelSize } from '../programs/conv.wgsl.js';
import { gemmGrid, gemmSizes, tileFor, TILES, type TileShape } from '../programs/gemm.wgsl.js';

/**
 * Input channels per group up to which the input gradient gathers directly instead of as a
 * GEMM with M = those channels: the 16-row tile idles 12 of its rows at 4.
 */
const DIRECT_MAX_CHANNELS = 4;
/** Workgroups the weight gradient aims for, so a long, thin GEMM still fills the device. */
const TARGET_WORKGROUPS = 256;
/** The shortest K chunk worth a workgroup of its own. */
const MIN_CHUNK = 256;

/** Convolution as implicit GEMM (programs/conv.wgsl.ts); float32 only. */
export function convKernels(
  gpu: Gpu,
  reduce: RequiredKernels['reduce'],
  /** Core's matmul + col2im input gradient, on this backend. */
  viaCol2im: OptionalKernels['convBackwardInput'],
): Pick<OptionalKernels, 'conv' | 'convBackwardInput' | 'convBackwardWeight'> {
  return {
    conv(x, w, g) {
      float32('conv', x.dtype);
      const s = convGemm(g);
      return runConvGemm(
        gpu,
        'conv',
        convForwardProgram,
        [x.id, w.id],
        g,
        s.og,
        g.batch * s.positions,
        g.batch * g.outChannels * s.positions,
      );
    },
    convBackwardInput(dy, w, g) {
      float32('convBackwardInput', dy.dtype);
      const s = convGemm(g);
      const total = g.batch * g.inChannels * s.inPositions;
      if (s.cg <= DIRECT_MAX_CHANNELS) {
        const dx = gpu.alloc(total, dy.dtype);
        gpu.run(convBackwardInputDirectProgram(), [dy.id, w.id], [dx], [total, ...convValues(g)], linearGrid(total));
        return dx;
      }
      // With a stride, most taps of the gather land between output positions and are wasted
      // (3 in 4 at stride 2): a dense GEMM into columns and col2im is ~1.5–2× faster there.
      if (g.stride.some((v) => v > 1)) return viaCol2im(dy, w, g);
      return runConvGemm(gpu, 'convBackwardInput', convBackwardInputProgram, [dy.id, w.id], g, s.cg, g.batch * s.inPositions, total);
    },
    convBackwardWeight(x, dy, g) {
      float32('convBackwardWeight', x.dtype);
      const s = convGemm(g);
      const rows = s.cg * s.taps;
      const k = g.batch * s.positions;
      const tile = tileFor(s.og, rows);
      const tiles = Math.ceil(s.og / TILES[tile].rows) * Math.ceil(rows / TILES[tile].cols) * g.groups;
      const wanted = Math.max(1, Math.min(Math.ceil(TARGET_WORKGROUPS / tiles), Math.ceil(k / MIN_CHUNK)));
      const kChunk = Math.ceil(k / wanted / TILES[tile].k) * TILES[tile].k;
      const splits = Math.max(1, Math.ceil(k / kChunk));
      const size = g.outChannels * rows;
      const partial = gpu.alloc(splits * size, x.dtype);
      gpu.run(
        convBackwardWeightProgram(tile, g.kernel),
        [dy.id, x.id],
        [partial],
        [...gemmSizes(tile, s.og, rows), ...convValues(g), splits, kChunk],
        gemmGrid('convBackwardWeight', tile, s.og, rows, g.groups * splits),
      );
      if (splits === 1) return partial;
      const dw = reduce('sum', { id: partial, shape: [splits, size], dtype: x.dtype, strides: [size, 1], offset: 0 }, [0]);
      gpu.dispose(partial);
      return dw;
    },
  };
}

/** One float32 convolution GEMM of M×N per group, over the geometry's uniforms, into a new buffer of `size`. */
function runConvGemm(
  gpu: Gpu,
  op: string,
  program: (tile: TileShape, kernel: KernelSize) => Program,
  inputs: DataId[],
  g: ConvGeometry,
  m: number,
  n: number,
  size: number,
): DataId {
  const out = gpu.alloc(size, 'float32');
  const tile = tileFor(m, n);
  gpu.run(program(tile, g.kernel), inputs, [out], [...gemmSizes(tile, m, n), ...convValues(g)], gemmGrid(op, tile, m, n, g.groups));
  return out;
}

function float32(op: string, dtype: string): void {
  if (dtype !== 'float32') throw new Error(`${op}: the webgpu backend convolves float32 tensors only, got ${dtype}`);
}
