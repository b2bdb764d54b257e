import { V128, type Code } from './code.js';
import { locals, wasmFunction } from './function.js';
import { NR } from './gemm-block.js';
import { paramIndices } from './kernel-params.js';
import type { WasmFunction } from './module.js';
import { transpose4 } from './transpose.js';
import {
  ifLaneInRange,
  locateTile,
  panelAddress,
  planeAndRowOffsets,
  roundUpInto,
  patchTransformLocals,
  storeColumns,
} from './winograd-tiles.js';
import { alpha, inputTransform, type WinogradTile } from './winograd-transforms.js';

/** Bytes a tile's row loads may reach past an image's last pixel (masked, never used): see `winogradInputFunction`. */
export const INPUT_OVERREAD_BYTES = 32;

/**
 * `winograd_input_m(image, channels, h, w, ph, pw, tilesPerRow, tilesPerImage, dst, xiStride, t0, count, k0, kc)`:
 * Bᵀ d B of every input tile d of tiles [t0, t0 + count) (numbered over the batch: sample,
 * tile row, tile column) and channels [k0, k0 + kc), written straight into the α² GEMM operands
 * as gemm_block packs B: operand ξ at dst + ξ·xiStride, panels of NR tiles, channel-major, so
 * (channel c, tile t) lands at [⌊(t − t0)/NR⌋·kc + c − k0]·NR + (t − t0) % NR. Lanes past count
 * up to a whole panel are zeros.
 *
 * Four tiles go through at once, one per vector lane: each tile's patch rows are loaded as
 * vectors (masked where they stick out of the image; rows above or below it are zeros), turned
 * into lanes by 4×4 transposes, then transformed along rows and along columns in registers.
 * Loads read up to two floats left of a row and INPUT_OVERREAD_BYTES past the last row of the
 * image, which the caller keeps inside memory.
 */
export function winogradInputFunction(m: WinogradTile): WasmFunction {
  const name = m === 2 ? 'winograd_input_2' : 'winograd_input_4';
  const P = paramIndices(name);
  const a = alpha(m);
  return wasmFunction(name, (c, local) => {
    const [g, groupEnd, t, n, r, ty, x0, ch, out, at, plane] = locals(local, 11);
    const base = locals(local, 4);
    const top = locals(local, 4);
    const rowOffset = Array.from({ length: a }, () => local());
    const maskA = locals(local, 4, V128);
    const maskB = locals(local, 4, V128);
    const { rowA, rowB, tmp, rows, temps, vec } = patchTransformLocals(c, local, a);

    planeAndRowOffsets(c, P.h, P.w, plane, rowOffset);
    roundUpInto(c, P.count, NR, groupEnd);
    c.forRange(
      g,
      (s) => s.i32(0),
      (e) => e.get(groupEnd),
      4,
      (group) => {
        for (let lane = 0; lane < 4; lane++) {
          ifLaneInRange(
            group,
            g,
            lane,
            P.count,
            (tile) => locateLaneTile(tile, { P, m, lane, t, n, r, ty, x0, top: top[lane]!, base: base[lane]!, g }),
            // A lane past count: every row reads as outside the image, so zeros.
            (none) => none.get(P.h).set(top[lane]!),
          );
          columnMask(group, x0, P.w, [0, 1, 2, 3], maskA[lane]!);
          if (m === 4) columnMask(group, x0, P.w, [2, 3, 4, 5], maskB[lane]!);
        }
        // This half panel's first channel.
        panelAddress(group, P.dst, g, P.kc, out);
        group.forRange(
          ch,
          (s) => s.i32(0),
          (e) => e.get(P.kc),
          1,
          (chan) => {
            for (let i = 0; i < a; i++) {
              loadRow(chan, { m, i, h: P.h, top, base, rowOffset, maskA, maskB, rowA, rowB, at });
              const lanes = tileLanes(chan, m, rowA, rowB, tmp);
              temps.reset();
              inputTransform(m, lanes, vec).forEach((v, j) => chan.get(v).set(rows[i]![j]!));
            }
            storeColumns(chan, m, rows, inputTransform, vec, temps, out, P.xiStride);
            chan
              .get(out)
              .i32(NR * 4)
              .i32Add()
              .set(out);
            for (const b of base) chan.get(b).get(plane).i32Add().set(b);
          },
        );
      },
    );
  });
}

/** Tile t0 + g + lane: its patch's top row and the address of its top-left pixel in channel k0. */
function locateLaneTile(
  c: Code,
  l: {
    P: ReturnType<typeof paramIndices<'winograd_input_2'>>;
    m: WinogradTile;
    lane: number;
    t: number;
    n: number;
    r: number;
    ty: number;
    x0: number;
    top: number;
    base: number;
    g: number;
  },
): void {
  const { P, m } = l;
  const tile = { t: l.t, n: l.n, r: l.r, ty: l.ty, x: l.x0, y: l.top, pad: P };
  locateTile(c, m, P, tile, (first) => first.get(P.t0).get(l.g).i32Add().i32(l.lane).i32Add());
  // image + (((n·channels + k0)·h + top)·w + x0)·4
  c.get(P.image)
    .get(l.n)
    .get(P.channels)
    .i32Mul()
    .get(P.k0)
    .i32Add()
    .get(P.h)
    .i32Mul()
    .get(l.top)
    .i32Add()
    .get(P.w)
    .i32Mul()
    .get(l.x0)
    .i32Add()
    .i32(2)
    .i32Shl()
    .i32Add()
    .set(l.base);
}

/** Lanes x0 + offsets that fall inside a row of `w` pixels, as an all-ones or zero mask each. */
export function columnMask(c: Code, x0: number, w: number, offsets: [number, number, number, number], mask: number): void {
  c.get(x0).i32x4Splat().i32x4Const(offsets).i32x4Add().get(w).i32x4Splat().i32x4LtU().set(mask);
}

/** Row i of each lane's patch: pixels x0…x0+3 into rowA (and x0+2…x0+5 into rowB for F(4×4)), zeros outside the image. */
export function loadRow(
  c: Code,
  l: {
    m: WinogradTile;
    i: number;
    h: number;
    top: number[];
    base: number[];
    rowOffset: number[];
    maskA: number[];
    maskB: number[];
    rowA: number[];
    rowB: number[];
    at: number;
  },
): void {
  for (let lane = 0; lane < 4; lane++) {
    c.get(l.top[lane]!)
      .i32(l.i)
      .i32Add()
      .get(l.h)
      .i32LtU()
      .if(
        (inside) => {
          inside.get(l.base[lane]!).get(l.rowOffset[l.i]!).i32Add().set(l.at);
          inside.get(l.at).v128Load().get(l.maskA[lane]!).v128And().set(l.rowA[lane]!);
          if (l.m === 4) inside.get(l.at).v128Load(8).get(l.maskB[lane]!).v128And().set(l.rowB[lane]!);
        },
        (outside) => {
          outside.v128Zero().set(l.rowA[lane]!);
          if (l.m === 4) outside.v128Zero().set(l.rowB[lane]!);
        },
      );
  }
}

/**
 * The α vectors of a patch row with the four tiles in lanes: element j of every tile's row in
 * vector j. A 4×4 transpose of the rows' first four pixels, and for F(4×4) pixels 4 and 5
 * (lanes 2 and 3 of rowB) gathered by shuffles into rowB[0] and rowB[1].
 */
export function tileLanes(c: Code, m: WinogradTile, rowA: number[], rowB: number[], tmp: number[]): number[] {
  transpose4(c, rowA, tmp);
  if (m === 2) return rowA;
  const [b0, b1, b2, b3] = rowB as [number, number, number, number];
  const [t0, t1] = tmp as [number, number];
  c.get(b0).get(b1).f32x4Shuffle([2, 6, 3, 7]).set(t0);
  c.get(b2).get(b3).f32x4Shuffle([2, 6, 3, 7]).set(t1);
  c.get(t0).get(t1).f32x4Shuffle([0, 1, 4, 5]).set(b0);
  c.get(t0).get(t1).f32x4Shuffle([2, 3, 6, 7]).set(b1);
  return [...rowA, b0, b1];
}
