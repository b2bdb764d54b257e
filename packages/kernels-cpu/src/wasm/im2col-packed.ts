import type { Code } from './code.js';
import { V128 } from './code.js';
import { locals, wasmFunction } from './function.js';
import { IMAGE_PARAMS, paramIndices } from './kernel-params.js';
import { MR, NR } from './gemm-block.js';
import type { WasmFunction } from './module.js';
import { KC } from './sgemm-driver.js';

/** Output positions conv_forward packs and multiplies at a time: NB × KC floats of packed columns stay in L2. */
export const NB = 256;

/**
 * `im2col_packed(image, channels, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, dst, p0, count, k0, kc)`:
 * rows [k0, k0 + kc) of an image's im2col columns at output positions [p0, p0 + count), written
 * straight into gemm_block's packed-B layout: panels of NR positions, k-major, so element
 * (k, p) lands at dst[(⌊(p − p0)/NR⌋·kc + k − k0)·NR + (p − p0) % NR]. Packing from the image
 * saves writing the columns out and reading them back to pack them.
 *
 * For convolutions of stride 1 along rows whose output rows are whole panels (ow % NR = 0;
 * p0 and count whole rows) and whose taps reach at most four floats past either side of an
 * image row (`fitsPackedIm2col`). Each panel is then NR consecutive pixels of one image row:
 * two vector loads. The first and last panel of a row are masked, lanes left or right of the
 * image zeroed; their loads read the neighbouring rows or the 16 bytes every operand keeps
 * after its end, never past memory. Tap rows above or below the image are zeros.
 */
export function im2colPackedFunction(): WasmFunction {
  const P = paramIndices('im2col_packed');
  const { dst, p0, count, k0, kc } = P;
  return wasmFunction('im2col_packed', (c, local) => {
    const [k, taps, ch, r, i, j, to, panelStride, iOff, jOff, chanAt, y, yEnd, iy, src, pj, perRow] = locals(local, 17);
    const [lanes, m0a, m0b, m1a, m1b] = [local(V128), local(V128), local(V128), local(V128), local(V128)];
    c.get(P.kh).get(P.kw).i32Mul().set(taps);
    c.get(kc)
      .i32(2 + Math.log2(NR))
      .i32Shl()
      .set(panelStride);
    c.get(P.ow).i32(NR).i32DivU().set(perRow);
    c.get(p0).get(count).i32Add().get(P.ow).i32DivU().set(yEnd);
    // Lanes x + 0…7 of an image row that lie inside it, as two masks.
    const masks = (b: Code, x: (b: Code) => void, low: number, high: number) => {
      x(b);
      b.i32x4Splat().i32x4Const([0, 1, 2, 3]).i32x4Add().tee(lanes).get(P.w).i32x4Splat().i32x4LtU().set(low);
      b.get(lanes).i32x4Const([4, 4, 4, 4]).i32x4Add().get(P.w).i32x4Splat().i32x4LtU().set(high);
    };
    const move = (b: Code, mask: readonly [number, number] | null) => {
      for (let v = 0; v < NR / 4; v++) {
        b.get(to)
          .get(src)
          .v128Load(16 * v);
        if (mask) b.get(mask[v]!).v128And();
        b.v128Store(16 * v);
      }
      b.get(to).get(panelStride).i32Add().set(to);
      b.get(src)
        .i32(NR * 4)
        .i32Add()
        .set(src);
    };
    c.forRange(
      k,
      (s) => s.get(k0),
      (e) => e.get(k0).get(kc).i32Add(),
      1,
      (row) => {
        // k = (ch, i, j): the tap's channel, row and column, and its offsets into the image.
        row.get(k).get(taps).i32DivU().set(ch);
        row.get(k).get(ch).get(taps).i32Mul().i32Sub().set(r);
        row.get(r).get(P.kw).i32DivU().set(i);
        row.get(r).get(i).get(P.kw).i32Mul().i32Sub().set(j);
        row.get(i).get(P.dh).i32Mul().get(P.ph).i32Sub().set(iOff);
        row.get(j).get(P.dw).i32Mul().get(P.pw).i32Sub().set(jOff);
        row.get(P.image).get(ch).get(P.h).i32Mul().get(P.w).i32Mul().i32(2).i32Shl().i32Add().set(chanAt);
        masks(row, (b) => b.get(jOff), m0a, m0b);
        masks(row, (b) => b.get(P.ow).i32(NR).i32Sub().get(jOff).i32Add(), m1a, m1b);
        row
          .get(dst)
          .get(k)
          .get(k0)
          .i32Sub()
          .i32(2 + Math.log2(NR))
          .i32Shl()
          .i32Add()
          .set(to);
        row.forRange(
          y,
          (s) => s.get(p0).get(P.ow).i32DivU(),
          (e) => e.get(yEnd),
          1,
          (outRow) => {
            outRow
              .get(y)
              .get(P.sh)
              .i32Mul()
              .get(iOff)
              .i32Add()
              .tee(iy)
              .get(P.h)
              .i32LtU()
              .if(
                (inside) => {
                  inside.get(chanAt).get(iy).get(P.w).i32Mul().get(jOff).i32Add().i32(2).i32Shl().i32Add().set(src);
                  move(inside, [m0a, m0b]);
                  inside.forRange(
                    pj,
                    (s) => s.i32(2),
                    (e) => e.get(perRow),
                    1,
                    (middle) => move(middle, null),
                  );
                  inside
                    .get(perRow)
                    .i32(1)
                    .i32GtS()
                    .if((last) => move(last, [m1a, m1b]));
                },
                (outside) =>
                  outside.forRange(
                    pj,
                    (s) => s.i32(0),
                    (e) => e.get(perRow),
                    1,
                    (zeros) => {
                      for (let v = 0; v < NR / 4; v++)
                        zeros
                          .get(to)
                          .v128Zero()
                          .v128Store(16 * v);
                      zeros.get(to).get(panelStride).i32Add().set(to);
                    },
                  ),
              );
          },
        );
      },
    );
  });
}

/**
 * Whether im2col_packed can pack this convolution's columns: stride 1 along rows, output rows of
 * whole panels, and taps that reach at most four floats left or right of an image row.
 */
export function fitsPackedIm2col(g: {
  inSize: readonly number[];
  kernel: readonly number[];
  stride: readonly number[];
  dilation: readonly number[];
  padBefore: readonly number[];
  outSize: readonly number[];
}): boolean {
  const [w, kw, dw, pw, ow] = [g.inSize[2]!, g.kernel[2]!, g.dilation[2]!, g.padBefore[2]!, g.outSize[2]!];
  return g.stride[2] === 1 && ow % NR === 0 && ow <= NB && pw <= 4 && ow + (kw - 1) * dw - pw <= w + 4;
}

/** Where conv_forward finds the functions it calls, by index in the module. */
export interface ConvForwardCalls {
  readonly gemmBlock: number;
  readonly im2colPacked: number;
}

/**
 * `conv_forward(image, channels, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, packedW, og, y, ldc, scratch)`:
 * one sample's (one group's) convolution, y = W·im2col(image) (where `fitsPackedIm2col`), with W packed by pack_a in
 * blocks of KC columns (block b at packedW + b·⌈og/MR⌉·MR·KC·4). Per whole rows of at most NB output positions and
 * KC rows of columns: im2col_packed into `scratch`, then gemm_block onto y (row-major, `ldc`
 * bytes a row, room for whole tiles), the first k block overwriting and the rest adding, the
 * order of the blocked GEMM, so the same bits as im2col then sgemm.
 */
export function convForwardFunction(calls: ConvForwardCalls): WasmFunction {
  const P = paramIndices('conv_forward');
  const { packedWeights: packedW, og, y, ldc, scratch } = P;
  return wasmFunction('conv_forward', (c, local) => {
    const [positions, rows, mPanels, p, nb, k, kc, t0, t1, step] = locals(local, 10);
    c.get(P.oh).get(P.ow).i32Mul().set(positions);
    c.get(P.channels).get(P.kh).i32Mul().get(P.kw).i32Mul().set(rows);
    c.get(og)
      .i32(MR - 1)
      .i32Add()
      .i32(MR)
      .i32DivU()
      .set(mPanels);
    // Blocks of whole output rows, as im2col_packed takes them.
    c.i32(NB).get(P.ow).i32DivU().get(P.ow).i32Mul().set(step);
    c.i32(0).set(p);
    c.block((done) =>
      done.loop((block) => {
        block.get(p).get(positions).i32GeS().brIf(1);
        block.get(positions).get(p).i32Sub().get(step).i32MinS(t0, t1).set(nb);
        block.forRange(
          k,
          (s) => s.i32(0),
          (e) => e.get(rows),
          KC,
          (kBlock) => {
            kBlock.get(rows).get(k).i32Sub().i32(KC).i32MinS(t0, t1).set(kc);
            // Its geometry parameters, which im2col_packed's start with too.
            for (let a = 0; a < IMAGE_PARAMS.length; a++) kBlock.get(a);
            kBlock.get(scratch).get(p).get(nb).get(k).get(kc).call(calls.im2colPacked);
            // gemm_block(mPanels, ⌈nb/NR⌉, kc, packedW + k·mPanels·MR·4, scratch, y + p·4, ldc, k > 0)
            kBlock
              .get(mPanels)
              .get(nb)
              .i32(NR - 1)
              .i32Add()
              .i32(NR)
              .i32DivU()
              .get(kc);
            kBlock
              .get(packedW)
              .get(k)
              .get(mPanels)
              .i32Mul()
              .i32(MR * 4)
              .i32Mul()
              .i32Add();
            kBlock.get(scratch).get(y).get(p).i32(2).i32Shl().i32Add().get(ldc).get(k).i32(0).i32GtS();
            kBlock.call(calls.gemmBlock);
          },
        );
        block.get(p).get(step).i32Add().set(p).br(0);
      }),
    );
  });
}
