import { V128 } from './code.js';
import { locals, wasmFunction } from './function.js';
import { MR, NR } from './gemm-block.js';
import { paramIndices } from './kernel-params.js';
import type { WasmFunction } from './module.js';
import { transpose4 } from './transpose.js';
import { tempPool, vectorArith } from './vector-arith.js';
import { columnMask, loadRow, tileLanes } from './winograd-input.js';
import { panelAddress, planeAndRowOffsets, roundUpInto, locateTile, patchTransformLocals, storeColumns } from './winograd-tiles.js';
import { alpha, gradientTransform, inputTransform, type WinogradTile } from './winograd-transforms.js';

/*
 * The operands of a Winograd weight gradient, Σ over tiles of (A dY Aᵀ)[ξ]·(Bᵀ d B)[ξ] for
 * every output and input channel pair: a GEMM per ξ whose sum runs over the tiles. So the
 * channels go into the vector lanes here (four of one tile at a time) and the tiles become the
 * packed panels' k.
 */

/**
 * `winograd_patches_m(image, channels, h, w, ph, pw, tilesPerRow, tilesPerImage, dst, xiStride, t0, count)`:
 * Bᵀ d B of the input patch of every tile of [t0, t0 + count) and every channel, packed as
 * gemm_block packs B: operand ξ at dst + ξ·xiStride, panels of NR channels, tile-major, so
 * (tile t, channel c) lands at [⌊c/NR⌋·count + t − t0]·NR + c % NR; channels past the last
 * up to a whole panel are zeros. Loads as in `winogradInputFunction`.
 */
export function winogradPatchesFunction(m: WinogradTile): WasmFunction {
  const name = m === 2 ? 'winograd_patches_2' : 'winograd_patches_4';
  const P = paramIndices(name);
  const a = alpha(m);
  return wasmFunction(name, (c, local) => {
    const [tt, n, r, ty, x0, top, tileBase, cg, channelEnd, out, at, plane] = locals(local, 12);
    const base = locals(local, 4);
    const tops = locals(local, 4);
    const rowOffset = Array.from({ length: a }, () => local());
    const [maskA, maskB] = locals(local, 2, V128);
    const { rowA, rowB, tmp, rows, temps, vec } = patchTransformLocals(c, local, a);

    planeAndRowOffsets(c, P.h, P.w, plane, rowOffset);
    roundUpInto(c, P.channels, NR, channelEnd);
    c.forRange(
      tt,
      (s) => s.i32(0),
      (e) => e.get(P.count),
      1,
      (tile) => {
        locateTile(tile, m, P, { t: r, n, r, ty, x: x0, y: top, pad: P }, (first) => first.get(P.t0).get(tt).i32Add());
        // image + ((n·channels·h + top)·w + x0)·4: channel 0 of this tile's patch
        tile.get(P.image).get(n).get(P.channels).i32Mul().get(P.h).i32Mul().get(top).i32Add().get(P.w).i32Mul().get(x0).i32Add();
        tile.i32(2).i32Shl().i32Add().set(tileBase);
        columnMask(tile, x0, P.w, [0, 1, 2, 3], maskA);
        if (m === 4) columnMask(tile, x0, P.w, [2, 3, 4, 5], maskB);
        tile
          .get(P.dst)
          .get(tt)
          .i32(NR * 4)
          .i32Mul()
          .i32Add()
          .set(out);
        tile.forRange(
          cg,
          (s) => s.i32(0),
          (e) => e.get(channelEnd),
          4,
          (group) => {
            for (let lane = 0; lane < 4; lane++) {
              group.get(tileBase).get(plane).i32(lane).i32Mul().i32Add().set(base[lane]!);
              // A lane past the last channel reads every row as outside the image: zeros.
              group.get(top).get(P.h).get(cg).i32(lane).i32Add().get(P.channels).i32LtS().select().set(tops[lane]!);
            }
            for (let i = 0; i < a; i++) {
              const same = (v: number) => [v, v, v, v];
              loadRow(group, { m, i, h: P.h, top: tops, base, rowOffset, maskA: same(maskA), maskB: same(maskB), rowA, rowB, at });
              const lanes = tileLanes(group, m, rowA, rowB, tmp);
              temps.reset();
              inputTransform(m, lanes, vec).forEach((v, j) => group.get(v).set(rows[i]![j]!));
            }
            panelAddress(group, out, cg, P.count, at);
            storeColumns(group, m, rows, inputTransform, vec, temps, at, P.xiStride);
            group.get(tileBase).get(plane).i32(2).i32Shl().i32Add().set(tileBase);
          },
        );
      },
    );
  });
}

/**
 * `winograd_dy_m(dy, og, oh, ow, tilesPerRow, tilesPerImage, dst, xiStride, t0, count)`: A dY Aᵀ
 * of the output gradient's tile t for every tile of [t0, t0 + count) and every output channel
 * (dy dense [batch, og, oh, ow]; a tile's pixels past oh or ow count as zeros), packed as
 * gemm_block packs A: operand ξ at dst + ξ·xiStride, panels of MR channels, tile-major, so
 * (channel k, tile t) lands at [⌊k/MR⌋·count + t − t0]·MR + k % MR. A tile row's loads read up
 * to three floats past its row, inside the 16 bytes every operand keeps after its end.
 */
export function winogradDyFunction(m: WinogradTile): WasmFunction {
  const name = m === 2 ? 'winograd_dy_2' : 'winograd_dy_4';
  const P = paramIndices(name);
  const a = alpha(m);
  return wasmFunction(name, (c, local) => {
    const [tt, n, r, ty, tx, rowsLeft, tileBase, kg, kEnd, out, at, plane] = locals(local, 12);
    const rowOffset = Array.from({ length: m }, () => local());
    const mask = local(V128);
    const row = locals(local, 4, V128);
    const tmp = locals(local, 4, V128);
    const half = Array.from({ length: m }, () => Array.from({ length: a }, () => local(V128)));
    const temps = tempPool(local);
    const vec = vectorArith(c, temps);

    planeAndRowOffsets(c, P.oh, P.ow, plane, rowOffset);
    roundUpInto(c, P.og, MR, kEnd);
    c.forRange(
      tt,
      (s) => s.i32(0),
      (e) => e.get(P.count),
      1,
      (tile) => {
        locateTile(tile, m, P, { t: r, n, r, ty, x: tx, y: ty }, (first) => first.get(P.t0).get(tt).i32Add());
        // dy + ((n·og·oh + oy)·ow + ox)·4: channel 0 of this tile
        tile.get(P.dy).get(n).get(P.og).i32Mul().get(P.oh).i32Mul().get(ty).i32Add().get(P.ow).i32Mul().get(tx).i32Add();
        tile.i32(2).i32Shl().i32Add().set(tileBase);
        tile.get(P.oh).get(ty).i32Sub().i32(m).i32MinS(r, n).set(rowsLeft);
        // Lanes of the tile's m columns that lie inside a row of ow pixels.
        columnMask(tile, tx, P.ow, [0, 1, 2, 3], mask);
        if (m === 2) tile.get(mask).i32x4Const([-1, -1, 0, 0]).v128And().set(mask);
        tile
          .get(P.dst)
          .get(tt)
          .i32(MR * 4)
          .i32Mul()
          .i32Add()
          .set(out);
        tile.forRange(
          kg,
          (s) => s.i32(0),
          (e) => e.get(kEnd),
          4,
          (group) => {
            for (let i = 0; i < m; i++) {
              for (let lane = 0; lane < 4; lane++) {
                group.i32(i).get(rowsLeft).i32LtS().get(kg).i32(lane).i32Add().get(P.og).i32LtS().i32And();
                group.if(
                  (inside) => {
                    inside.get(tileBase).get(plane).i32(lane).i32Mul().i32Add().get(rowOffset[i]!).i32Add();
                    inside.v128Load().get(mask).v128And().set(row[lane]!);
                  },
                  (outside) => outside.v128Zero().set(row[lane]!),
                );
              }
              transpose4(group, row, tmp);
              temps.reset();
              gradientTransform(m, row.slice(0, m), vec).forEach((v, j) => group.get(v).set(half[i]![j]!));
            }
            // at = out + ⌊kg/MR⌋·count·MR·4
            group
              .get(out)
              .get(kg)
              .i32(Math.log2(MR))
              .i32ShrS()
              .get(P.count)
              .i32Mul()
              .i32(MR * 4)
              .i32Mul()
              .i32Add()
              .set(at);
            storeColumns(group, m, half, gradientTransform, vec, temps, at, P.xiStride);
            group.get(tileBase).get(plane).i32(2).i32Shl().i32Add().set(tileBase);
          },
        );
      },
    );
  });
}
