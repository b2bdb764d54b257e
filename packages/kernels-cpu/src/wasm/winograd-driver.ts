import { locals, wasmFunction } from './function.js';
import { MR, NR } from './gemm-block.js';
import { paramIndices, WINOGRAD_IMAGE_PARAMS } from './kernel-params.js';
import type { WasmFunction } from './module.js';
import { KC } from './sgemm-driver.js';
import { ceilDiv, eachTileBlock } from './winograd-tiles.js';
import { alpha, type WinogradTile } from './winograd-transforms.js';

/** Where the driver finds the functions it calls, by index in the module. */
export interface WinogradCalls {
  readonly gemmBlock: number;
  readonly input: number;
  readonly output: number;
}

/** Bytes of scratch one thread needs: the α² packed input operands and the α² products of a block of tiles. */
export function winogradScratchBytes(m: WinogradTile, channels: number, og: number, tileBlock: number): number {
  const planes = alpha(m) ** 2;
  return planes * tileBlock * (Math.min(channels, KC) + Math.ceil(og / MR) * MR) * 4;
}

/**
 * `winograd_m(image, channels, h, w, ph, pw, u, og, y, oh, ow, t0, t1, tileBlock, scratch)`: a
 * stride-1 3×3 convolution's output tiles [t0, t1) (numbered over the batch) by F(m×m, 3×3),
 * `tileBlock` tiles (a multiple of NR) at a time. Per block and per KC channels: the input
 * transform packs the α² operands into scratch, then gemm_block multiplies each by its
 * transformed weights (u: for each ξ, the og×channels matrix packed as pack_a packs A, in KC
 * column blocks; ξ's at u + ξ·⌈og/MR⌉·MR·channels·4), the first channel block overwriting the
 * products and the rest adding, as the blocked GEMM does; then the output transform writes the
 * block's pixels of y. `scratch` holds winogradScratchBytes.
 *
 * Each tile's pixels depend on nothing but its own column of the GEMMs, summed over the
 * channels in a fixed order, so the bits do not depend on how tiles are split over threads.
 */
export function winogradFunction(m: WinogradTile, calls: WinogradCalls): WasmFunction {
  const name = m === 2 ? 'winograd_2' : 'winograd_4';
  const P = paramIndices(name);
  const planes = alpha(m) ** 2;
  return wasmFunction(name, (c, local) => {
    const [tilesPerRow, tilesPerImage, mPanels, products, ldc, productStride, weightStride] = locals(local, 7);
    const [p, nb, nPanels, k0, kc, operandStride, xi, t0, t1] = locals(local, 9);
    ceilDiv(c, P.ow, m).set(tilesPerRow);
    ceilDiv(c, P.oh, m).get(tilesPerRow).i32Mul().set(tilesPerImage);
    ceilDiv(c, P.og, MR).set(mPanels);
    // The products follow the operands, which take min(channels, KC) channels of a block.
    c.get(P.scratch).i32(planes).get(P.tileBlock).i32Mul().get(P.channels).i32(KC).i32MinS(t0, t1).i32Mul().i32(2).i32Shl().i32Add();
    c.set(products);
    c.get(P.tileBlock).i32(2).i32Shl().set(ldc);
    c.get(mPanels).i32(MR).i32Mul().get(ldc).i32Mul().set(productStride);
    c.get(mPanels)
      .i32(MR * 4)
      .i32Mul()
      .get(P.channels)
      .i32Mul()
      .set(weightStride);
    eachTileBlock(c, P, { p, nb, spare: [t0, t1] }, (block) => {
      ceilDiv(block, nb, NR).set(nPanels);
      block.forRange(
        k0,
        (s) => s.i32(0),
        (e) => e.get(P.channels),
        KC,
        (channels) => {
          channels.get(P.channels).get(k0).i32Sub().i32(KC).i32MinS(t0, t1).set(kc);
          channels
            .get(nPanels)
            .get(kc)
            .i32Mul()
            .i32(NR * 4)
            .i32Mul()
            .set(operandStride);
          // input(image, channels, h, w, ph, pw, tilesPerRow, tilesPerImage, scratch, operandStride, p, nb, k0, kc)
          for (const param of WINOGRAD_IMAGE_PARAMS) channels.get(P[param]);
          channels.get(tilesPerRow).get(tilesPerImage).get(P.scratch).get(operandStride).get(p).get(nb).get(k0).get(kc);
          channels.call(calls.input);
          channels.forRange(
            xi,
            (s) => s.i32(0),
            (e) => e.i32(planes),
            1,
            (plane) => {
              // gemm_block(mPanels, nPanels, kc, u + ξ·weightStride + k0·mPanels·MR·4, scratch + ξ·operandStride,
              //            products + ξ·productStride, ldc, k0 > 0)
              plane.get(mPanels).get(nPanels).get(kc);
              plane
                .get(P.u)
                .get(xi)
                .get(weightStride)
                .i32Mul()
                .i32Add()
                .get(k0)
                .get(mPanels)
                .i32Mul()
                .i32(MR * 4)
                .i32Mul()
                .i32Add();
              plane.get(P.scratch).get(xi).get(operandStride).i32Mul().i32Add();
              plane.get(products).get(xi).get(productStride).i32Mul().i32Add();
              plane.get(ldc).get(k0).i32(0).i32GtS();
              plane.call(calls.gemmBlock);
            },
          );
        },
      );
      // output(products, productStride, ldc, og, y, oh, ow, tilesPerRow, tilesPerImage, p, nb)
      block.get(products).get(productStride).get(ldc).get(P.og).get(P.y).get(P.oh).get(P.ow);
      block.get(tilesPerRow).get(tilesPerImage).get(p).get(nb).call(calls.output);
    });
  });
}
