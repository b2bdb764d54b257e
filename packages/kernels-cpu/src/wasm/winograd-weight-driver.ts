import { locals, wasmFunction } from './function.js';
import { MR, NR } from './gemm-block.js';
import { paramIndices, WINOGRAD_IMAGE_PARAMS } from './kernel-params.js';
import type { WasmFunction } from './module.js';
import { ceilDiv, eachTileBlock } from './winograd-tiles.js';
import { alpha, type WinogradTile } from './winograd-transforms.js';

/** Where the driver finds the functions it calls, by index in the module. */
export interface WinogradWeightCalls {
  readonly gemmBlock: number;
  readonly patches: number;
  readonly dy: number;
}

/** Bytes of scratch one thread needs: a block of tiles' α² packed operands of both kinds. */
export function winogradWeightScratchBytes(m: WinogradTile, channels: number, og: number, tileBlock: number): number {
  return alpha(m) ** 2 * tileBlock * (Math.ceil(channels / NR) * NR + Math.ceil(og / MR) * MR) * 4;
}

/** Bytes of one partial sum: α² products of ⌈og/MR⌉·MR rows by ⌈channels/NR⌉·NR columns. */
export function winogradPartialBytes(m: WinogradTile, channels: number, og: number): number {
  return alpha(m) ** 2 * Math.ceil(og / MR) * MR * Math.ceil(channels / NR) * NR * 4;
}

/**
 * `winograd_weights_m(image, channels, h, w, ph, pw, dy, og, oh, ow, t0, t1, tileBlock, partial, scratch)`:
 * adds tiles [t0, t1)'s share of a stride-1 3×3 convolution's transformed weight gradient onto
 * `partial`: for each ξ of the α², the og×channels product Σₜ (A dYₜ Aᵀ)[ξ]·(Bᵀ dₜ B)[ξ], row-major,
 * rows ⌈channels/NR⌉·NR floats long, ξ's one winogradPartialBytes/α² apart. Per block of
 * `tileBlock` tiles: winograd_patches_m and winograd_dy_m pack the operands into scratch
 * (winogradWeightScratchBytes), then gemm_block adds each ξ's product, the tiles summed in order.
 */
export function winogradWeightFunction(m: WinogradTile, calls: WinogradWeightCalls): WasmFunction {
  const name = m === 2 ? 'winograd_weights_2' : 'winograd_weights_4';
  const P = paramIndices(name);
  const planes = alpha(m) ** 2;
  return wasmFunction(name, (c, local) => {
    const [tilesPerRow, tilesPerImage, mPanels, nPanels, gradients, ldc, productStride] = locals(local, 7);
    const [p, nb, patchStride, gradientStride, xi, t0, t1] = locals(local, 7);
    ceilDiv(c, P.ow, m).set(tilesPerRow);
    ceilDiv(c, P.oh, m).get(tilesPerRow).i32Mul().set(tilesPerImage);
    ceilDiv(c, P.og, MR).set(mPanels);
    ceilDiv(c, P.channels, NR).set(nPanels);
    // The output gradient's operands follow the patches'.
    c.get(P.scratch)
      .i32(planes)
      .get(P.tileBlock)
      .i32Mul()
      .get(nPanels)
      .i32Mul()
      .i32(NR * 4)
      .i32Mul()
      .i32Add()
      .set(gradients);
    c.get(nPanels)
      .i32(NR * 4)
      .i32Mul()
      .set(ldc);
    c.get(mPanels).i32(MR).i32Mul().get(ldc).i32Mul().set(productStride);
    eachTileBlock(c, P, { p, nb, spare: [t0, t1] }, (block) => {
      block
        .get(nPanels)
        .get(nb)
        .i32Mul()
        .i32(NR * 4)
        .i32Mul()
        .set(patchStride);
      block
        .get(mPanels)
        .get(nb)
        .i32Mul()
        .i32(MR * 4)
        .i32Mul()
        .set(gradientStride);
      for (const param of WINOGRAD_IMAGE_PARAMS) block.get(P[param]);
      block.get(tilesPerRow).get(tilesPerImage).get(P.scratch).get(patchStride).get(p).get(nb).call(calls.patches);
      block.get(P.dy).get(P.og).get(P.oh).get(P.ow).get(tilesPerRow).get(tilesPerImage);
      block.get(gradients).get(gradientStride).get(p).get(nb).call(calls.dy);
      block.forRange(
        xi,
        (s) => s.i32(0),
        (e) => e.i32(planes),
        1,
        (plane) => {
          // gemm_block(mPanels, nPanels, nb, gradients + ξ·gradientStride, scratch + ξ·patchStride, partial + ξ·productStride, ldc, 1)
          plane.get(mPanels).get(nPanels).get(nb);
          plane.get(gradients).get(xi).get(gradientStride).i32Mul().i32Add();
          plane.get(P.scratch).get(xi).get(patchStride).i32Mul().i32Add();
          plane.get(P.partial).get(xi).get(productStride).i32Mul().i32Add();
          plane.get(ldc).i32(1).call(calls.gemmBlock);
        },
      );
    });
  });
}
