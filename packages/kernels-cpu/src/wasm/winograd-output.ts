import { V128, type Code } from './code.js';
import { locals, wasmFunction } from './function.js';
import { paramIndices } from './kernel-params.js';
import type { WasmFunction } from './module.js';
import { transpose4 } from './transpose.js';
import { tempPool, vectorArith } from './vector-arith.js';
import { ifLaneInRange, locateTile, planeAndRowOffsets } from './winograd-tiles.js';
import { alpha, outputTransform, type WinogradTile } from './winograd-transforms.js';

/**
 * `winograd_output_m(src, xiStride, ldc, og, y, oh, ow, tilesPerRow, tilesPerImage, t0, count)`:
 * Aᵀ M A for tiles [t0, t0 + count) and og output channels, from the α² GEMM products (product
 * ξ at src + ξ·xiStride, row-major, a row per output channel `ldc` bytes long, a column per
 * tile from t0) into y, dense [batch, og, oh, ow]; the parts of edge tiles past oh or ow are
 * not written. Four consecutive tiles at a time, one per lane, loaded as whole vectors: the
 * products lie tile by tile along their rows. Each output row comes out with the tiles in
 * lanes and is turned back into pixel runs by shuffles (a 4×4 transpose for F(4×4)), one
 * store per tile row where the tile lies inside the image, lane stores at its edges.
 */
export function winogradOutputFunction(m: WinogradTile): WasmFunction {
  const name = m === 2 ? 'winograd_output_2' : 'winograd_output_4';
  const P = paramIndices(name);
  const a = alpha(m);
  return wasmFunction(name, (c, local) => {
    const [g, t, n, r, ty, tx, k, from, plane] = locals(local, 9);
    const at = locals(local, 4);
    const rowsLeft = locals(local, 4);
    const colsLeft = locals(local, 4);
    const rowOffset = Array.from({ length: m }, () => local());
    const products = Array.from({ length: a * a }, () => local(V128));
    const half = Array.from({ length: m }, () => Array.from({ length: a }, () => local(V128)));
    const line = Array.from({ length: 4 }, () => local(V128));
    const tmp = locals(local, 4, V128);
    const temps = tempPool(local);
    const vec = vectorArith(c, temps);

    planeAndRowOffsets(c, P.oh, P.ow, plane, rowOffset);
    c.forRange(
      g,
      (s) => s.i32(0),
      (e) => e.get(P.count),
      4,
      (group) => {
        // The same walk over four tiles at a time as winograd-input's: what is common (the lane
        // test, locating a tile) is in winograd-tiles.ts; what a lane does here differs.
        for (let lane = 0; lane < 4; lane++) {
          ifLaneInRange(
            group,
            g,
            lane,
            P.count,
            (tile) => {
              locateTile(tile, m, P, { t, n, r, ty, x: tx, y: ty }, (first) => first.get(P.t0).get(g).i32Add().i32(lane).i32Add());
              // y + ((n·og·oh + oy)·ow + ox)·4
              tile.get(P.y).get(n).get(P.og).i32Mul().get(P.oh).i32Mul().get(ty).i32Add().get(P.ow).i32Mul().get(tx).i32Add();
              tile.i32(2).i32Shl().i32Add().set(at[lane]!);
              tile.get(P.oh).get(ty).i32Sub().i32(m).i32MinS(r, n).set(rowsLeft[lane]!);
              tile.get(P.ow).get(tx).i32Sub().i32(m).i32MinS(r, n).set(colsLeft[lane]!);
            },
            (none) => none.i32(0).set(rowsLeft[lane]!),
          );
        }
        group.forRange(
          k,
          (s) => s.i32(0),
          (e) => e.get(P.og),
          1,
          (chan) => {
            chan.get(P.src).get(k).get(P.ldc).i32Mul().i32Add().get(g).i32(2).i32Shl().i32Add().set(from);
            products.forEach((v, xi) => chan.get(from).get(P.xiStride).i32(xi).i32Mul().i32Add().v128Load().set(v));
            for (let j = 0; j < a; j++) {
              temps.reset();
              const column = outputTransform(
                m,
                Array.from({ length: a }, (_, i) => products[i * a + j]!),
                vec,
              );
              column.forEach((v, i) => chan.get(v).set(half[i]![j]!));
            }
            for (let i = 0; i < m; i++) {
              temps.reset();
              outputTransform(m, half[i]!, vec).forEach((v, j) => chan.get(v).set(line[j]!));
              storeRow(chan, { m, i, line, tmp, at, rowsLeft, colsLeft, rowOffset });
            }
            for (const address of at) chan.get(address).get(plane).i32Add().set(address);
          },
        );
      },
    );
  });
}

/**
 * Output row i of the four tiles, `line[j]` holding pixel j of it in lane per tile: as pixel
 * runs, each tile's stored where it lies inside the image (rowsLeft > i), whole or lane by lane
 * up to colsLeft.
 */
function storeRow(
  c: Code,
  l: {
    m: WinogradTile;
    i: number;
    line: number[];
    tmp: number[];
    at: number[];
    rowsLeft: number[];
    colsLeft: number[];
    rowOffset: number[];
  },
): void {
  const { m, i } = l;
  let runs: number[];
  if (m === 4) {
    transpose4(c, l.line, l.tmp);
    runs = l.line;
  } else {
    // Tiles 0 and 1 in tmp[0], 2 and 3 in tmp[1]: two pixels each.
    c.get(l.line[0]!).get(l.line[1]!).f32x4Shuffle([0, 4, 1, 5]).set(l.tmp[0]!);
    c.get(l.line[0]!).get(l.line[1]!).f32x4Shuffle([2, 6, 3, 7]).set(l.tmp[1]!);
    runs = [l.tmp[0]!, l.tmp[0]!, l.tmp[1]!, l.tmp[1]!];
  }
  for (let lane = 0; lane < 4; lane++) {
    const run = runs[lane]!;
    const first = m === 4 ? 0 : 2 * (lane % 2);
    const address = (b: Code) => b.get(l.at[lane]!).get(l.rowOffset[i]!).i32Add();
    c.i32(i)
      .get(l.rowsLeft[lane]!)
      .i32LtS()
      .if((inside) =>
        inside
          .get(l.colsLeft[lane]!)
          .i32(m)
          .i32Eq()
          .if(
            (whole) => {
              address(whole).get(run);
              if (m === 4) whole.v128Store();
              else whole.v128Store64Lane(lane % 2);
            },
            (edge) => {
              for (let j = 0; j < m; j++)
                edge
                  .i32(j)
                  .get(l.colsLeft[lane]!)
                  .i32LtS()
                  .if((pixel) =>
                    address(pixel)
                      .get(run)
                      .v128Store32Lane(first + j, 4 * j),
                  );
            },
          ),
      );
  }
}
