import type { ConvGeometry, Dense, OptionalKernels } from '@stride/core-tensor/backend';
import { groupLayout } from '../loops/conv.js';
import type { KernelCall, Task } from '../threads/kernel-call.js';
import type { ThreadPool } from '../threads/thread-pool.js';
import { MAX_TASKS } from '../threads/task-runner.js';
import { store, uninitialized, valuesOf } from '../storage.js';
import { operandAt, outputOf } from './operands.js';
import { im2colCall, imageArgs, PARALLEL_MACS, sampleBytes, sampleTasks } from './conv-tasks.js';
import { MR, NR } from '../wasm/gemm-block.js';
import { fitsPackedIm2col } from '../wasm/im2col-packed.js';
import { asFullConvolution, flippedWeights, fullConvolution } from './full-convolution.js';
import type { WasmRuntime } from '../wasm/runtime.js';
import { KC, PACK_SCRATCH_BYTES } from '../wasm/sgemm-driver.js';
import { winogradForward } from './winograd.js';
import { winogradChoice, type WinogradOption } from './winograd-choice.js';
import { winogradWeightGradient } from './winograd-weights.js';

type ConvKernels = Pick<OptionalKernels, 'conv' | 'convBackwardInput' | 'convBackwardWeight'>;

const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;
/** Sample chunks the weight gradient is summed over: fixed, so its rounding does not depend on the thread count. */
const WEIGHT_CHUNKS = 8;

/**
 * float32 2-D convolution with everything in wasm memory: each task takes a run of samples of
 * one group and multiplies on its thread's scratch, so the threads share nothing but the
 * inputs. Where output rows are whole 8-wide panels at stride 1, the forward pass packs its
 * columns straight from the image (`conv_forward`) and the input gradient is that forward pass
 * of dy with the flipped weights; otherwise the wasm `im2col` writes the columns and `sgemm`
 * multiplies them (then `col2im` for the input gradient). Other dtypes and 3-D geometries go
 * to `fallback`.
 */
export function simdConvKernels(rt: WasmRuntime, pool: ThreadPool, fallback: ConvKernels, opts: { winograd: WinogradOption }): ConvKernels {
  // Stride-1 3×3 convolutions by Winograd's F(2×2) or F(4×4) where that takes fewer instructions.
  const winograd = winogradChoice(opts.winograd);
  const tileFor = winograd.forward;
  const fits = (x: Dense, g: ConvGeometry) =>
    x.dtype === 'float32' && g.kernel[0] === 1 && g.inSize[0] === 1 && g.outSize[0] === 1 && g.groups <= MAX_TASKS;
  /** y of x (at xAt) and w (at wAt), both in wasm memory; scratch belongs to the caller's scoped call. */
  function forward(xAt: number, wAt: number, g: ConvGeometry): Float32Array {
    const s = groupLayout(g);
    const ldc = roundUp(s.positions, NR) * 4;
    const block = roundUp(s.og, MR) * ldc;
    // Where whole tiles cover each sample's output exactly, the GEMMs write y in place.
    const exact = block === s.og * s.positions * 4;
    const out = exact ? outputOf<Float32Array>(rt, 'float32', g.batch * g.outChannels * s.positions) : null;
    const yAt = out ? out.at : rt.alloc(g.batch * g.groups * block);
    // Each sample's GEMMs overwrite its block of y (padding included), so y is not zeroed.
    if (fitsPackedIm2col(g)) {
      // Columns packed straight from the image, against weights packed once.
      const packedW = packWeights(rt, wAt, s, g.groups);
      pool.run(
        sampleTasks(g, pool.threads, (gi, n0) => [
          {
            kernel: 'conv_forward',
            args: {
              ...imageArgs(g, s.cg, xAt + s.inputAt(n0, gi) * 4),
              packedWeights: packedW.at + gi * packedW.groupBytes,
              og: s.og,
              y: yAt + (n0 * g.groups + gi) * block,
              ldc,
              scratch: rt.packScratch(0),
            },
            perThread: ['scratch'],
            step: { image: sampleBytes(g), y: g.groups * block },
          },
        ]),
        PACK_SCRATCH_BYTES,
      );
    } else {
      const scratch = threadScratch(rt, pool, s.rows * s.positions * 4);
      pool.run(
        sampleTasks(g, pool.threads, (gi, n0) => [
          im2colCall(g, s.cg, xAt + s.inputAt(n0, gi) * 4, scratch.cols, s.positions, 'im2col'),
          {
            kernel: 'sgemm',
            // y_g = w_g · cols, overwriting
            args: {
              m: s.og,
              n: s.positions,
              k: s.rows,
              a: wAt + s.weightAt(gi) * 4,
              aRowStride: s.rows,
              aColStride: 1,
              b: scratch.cols,
              bRowStride: s.positions,
              bColStride: 1,
              c: yAt + (n0 * g.groups + gi) * block,
              ldc,
              scratch: scratch.pack,
              add: 0,
            },
            perThread: ['b', 'scratch'],
            step: { c: g.groups * block },
          },
        ]),
        scratch.stride,
      );
    }
    if (out) return out.finish();
    const y = uninitialized('float32', g.batch * g.outChannels * s.positions) as Float32Array;
    unpad(rt, yAt, ldc / 4, y, s.positions, g.batch * g.groups, s.og, roundUp(s.og, MR));
    return y;
  }
  return {
    conv(x, w, g) {
      if (!fits(x, g)) return fallback.conv(x, w, g);
      const m = tileFor(g);
      if (m) return rt.scoped(() => store(winogradForward(rt, pool, m, g, stageAll(rt, x), valuesOf(w.id) as Float32Array, 'forward')));
      return rt.scoped(() => store(forward(stageAll(rt, x), stageAll(rt, w), g)));
    },
    convBackwardInput(dy, w, g) {
      if (!fits(dy, g)) return fallback.convBackwardInput(dy, w, g);
      const wide = fullConvolution(g);
      const m = wide && tileFor(wide);
      if (wide && m) {
        // dx is dy convolved with the flipped, channel-transposed weights, which the weight transform reads in place.
        return rt.scoped(() => store(winogradForward(rt, pool, m, wide, stageAll(rt, dy), valuesOf(w.id) as Float32Array, 'flipped')));
      }
      const full = asFullConvolution(g);
      if (full) {
        // dx is dy convolved with the flipped, channel-transposed weights: no col2im scatter.
        return rt.scoped(() => store(forward(stageAll(rt, dy), flippedWeights(rt, valuesOf(w.id) as Float32Array, g), full)));
      }
      const s = groupLayout(g);
      return rt.scoped(() => {
        const [dyAt, wAt] = [stageAll(rt, dy), stageAll(rt, w)];
        const dxBytes = g.batch * g.inChannels * s.channelSize * 4;
        const dx = outputOf<Float32Array>(rt, 'float32', dxBytes / 4);
        const dxAt = dx.at;
        const pitch = roundUp(s.positions, NR);
        const colsBytes = roundUp(s.rows, MR) * pitch * 4;
        const scratch = threadScratch(rt, pool, colsBytes);
        rt.call('zero', { dst: dxAt, bytes: dxBytes });
        // Per sample: dcols = w_gᵀ · dy_g (overwriting the last sample's), then col2im adds them
        // onto that sample's dx.
        pool.run(
          sampleTasks(g, pool.threads, (gi, n0) => [
            {
              kernel: 'sgemm',
              args: {
                m: s.rows,
                n: s.positions,
                k: s.og,
                a: wAt + s.weightAt(gi) * 4,
                aRowStride: 1,
                aColStride: s.rows,
                b: dyAt + s.outputAt(n0, gi) * 4,
                bRowStride: s.positions,
                bColStride: 1,
                c: scratch.cols,
                ldc: pitch * 4,
                scratch: scratch.pack,
                add: 0,
              },
              perThread: ['c', 'scratch'],
              step: { b: g.outChannels * s.positions * 4 },
            },
            im2colCall(g, s.cg, dxAt + s.inputAt(n0, gi) * 4, scratch.cols, pitch, 'col2im'),
          ]),
          scratch.stride,
        );
        return store(dx.finish());
      });
    },
    convBackwardWeight(x, dy, g) {
      if (!fits(x, g)) return fallback.convBackwardWeight(x, dy, g);
      const m = winograd.weights(g);
      if (m) return rt.scoped(() => store(winogradWeightGradient(rt, pool, m, g, stageAll(rt, x), stageAll(rt, dy))));
      const s = groupLayout(g);
      return rt.scoped(() => {
        const [xAt, dyAt] = [stageAll(rt, x), stageAll(rt, dy)];
        // Accumulated transposed, dw_gᵀ += cols · dy_gᵀ, so the large operand (the columns) is
        // read along its rows when packed. Each chunk of samples sums into its own partial.
        const ldc = roundUp(s.og, NR) * 4;
        const partial = roundUp(s.rows, MR) * ldc;
        const chunks = Math.min(g.batch, s.rows * s.og * s.positions * g.batch < PARALLEL_MACS ? 1 : WEIGHT_CHUNKS);
        const partialsAt = rt.alloc(g.groups * chunks * partial);
        const scratch = threadScratch(rt, pool, s.rows * s.positions * 4);
        rt.call('zero', { dst: partialsAt, bytes: g.groups * chunks * partial });
        const tasks: Task[] = [];
        for (let gi = 0; gi < g.groups; gi++) {
          for (let chunk = 0; chunk < chunks; chunk++) {
            const n0 = Math.floor((chunk * g.batch) / chunks);
            const n1 = Math.floor(((chunk + 1) * g.batch) / chunks);
            const calls: KernelCall[] = [
              im2colCall(g, s.cg, xAt + s.inputAt(n0, gi) * 4, scratch.cols, s.positions, 'im2col'),
              {
                kernel: 'sgemm',
                args: {
                  m: s.rows,
                  n: s.og,
                  k: s.positions,
                  a: scratch.cols,
                  aRowStride: s.positions,
                  aColStride: 1,
                  b: dyAt + s.outputAt(n0, gi) * 4,
                  bRowStride: 1,
                  bColStride: s.positions,
                  c: partialsAt + (gi * chunks + chunk) * partial,
                  ldc,
                  scratch: scratch.pack,
                  add: 1,
                },
                perThread: ['a', 'scratch'],
                step: { b: g.outChannels * s.positions * 4 },
              },
            ];
            tasks.push({ calls, repeat: n1 - n0 });
          }
        }
        pool.run(tasks, scratch.stride);
        // Per group: the chunks' partials summed in order into the first, then transposed into dw.
        const dw = outputOf<Float32Array>(rt, 'float32', g.outChannels * s.rows);
        for (let gi = 0; gi < g.groups; gi++) {
          const first = partialsAt + gi * chunks * partial;
          for (let chunk = 1; chunk < chunks; chunk++) rt.call('add', { x: first, y: first + chunk * partial, out: first, n: partial / 4 });
          rt.call('transpose', { src: first, rows: s.rows, cols: ldc / 4, dst: dw.at + s.weightAt(gi) * 4, row0: 0, row1: s.og });
        }
        return store(dw.finish());
      });
    },
  };
}

/**
 * Each group's og×rows weights packed once for conv_forward: pack_a panels of MR rows, KC
 * columns at a time (the last block narrower), the groups `groupBytes` apart.
 */
function packWeights(rt: WasmRuntime, wAt: number, s: ReturnType<typeof groupLayout>, groups: number) {
  const panelRows = roundUp(s.og, MR);
  const groupBytes = panelRows * s.rows * 4;
  const at = rt.alloc(groups * groupBytes);
  for (let gi = 0; gi < groups; gi++) {
    for (let k0 = 0; k0 < s.rows; k0 += KC) {
      rt.call('pack_a', {
        src: wAt + (s.weightAt(gi) + k0) * 4,
        rowStride: s.rows,
        colStride: 1,
        mc: s.og,
        kc: Math.min(KC, s.rows - k0),
        dst: at + gi * groupBytes + k0 * panelRows * 4,
      });
    }
  }
  return { at, groupBytes };
}

/** Per-thread scratch: packing space, then `colsBytes` of columns; `stride` apart. */
function threadScratch(rt: WasmRuntime, pool: ThreadPool, colsBytes: number) {
  const stride = PACK_SCRATCH_BYTES + roundUp(colsBytes, 64);
  const pack = rt.alloc(stride * pool.threads);
  return { pack, cols: pack + PACK_SCRATCH_BYTES, stride };
}

/**
 * A whole float32 buffer's address in wasm memory (copied there unless it lives there). 16
 * bytes more are kept after it, which `im2col`'s whole-row copies may read past an image's last pixel.
 */
function stageAll(rt: WasmRuntime, t: Dense): number {
  const values = valuesOf(t.id);
  return operandAt(rt, values, 0, values.length);
}

/** Blocks of `rows` rows (of `rowsPadded` in memory), each row `cols` of `pitch` floats, into dense `out`. */
function unpad(
  rt: WasmRuntime,
  at: number,
  pitch: number,
  out: Float32Array,
  cols: number,
  blocks: number,
  rows: number,
  rowsPadded: number,
): void {
  const mem = rt.f32();
  const base = at / 4;
  if (pitch === cols && rows === rowsPadded) {
    out.set(mem.subarray(base, base + out.length));
    return;
  }
  for (let b = 0; b < blocks; b++) {
    for (let r = 0; r < rows; r++) {
      const from = base + (b * rowsPadded + r) * pitch;
      out.set(mem.subarray(from, from + cols), (b * rows + r) * cols);
    }
  }
}
