import { type Code, V128, type ValueType } from './code.js';
import { locals } from './function.js';
import { NR } from './gemm-block.js';
import { tempPool, vectorArith } from './vector-arith.js';
import { alpha, type inputTransform, type WinogradTile } from './winograd-transforms.js';

/*
 * The arithmetic the Winograd functions have in common: the transforms (winograd-input,
 * -output, -weight-operands) where a tile lies, where a row of a plane starts, where a value
 * goes in a packed operand; the drivers (winograd-driver, -weight-driver) how they walk the
 * tiles in blocks.
 */

/** ⌈size/by⌉, left on the stack. */
export function ceilDiv(c: Code, size: number, by: number): Code {
  return c
    .get(size)
    .i32(by - 1)
    .i32Add()
    .i32(by)
    .i32DivU();
}

/**
 * Tiles [t0, t1) in blocks of at most tileBlock: for each, p is its first tile and nb its tile
 * count when `body` runs. `spare` are two locals i32MinS may clobber.
 */
export function eachTileBlock(
  c: Code,
  P: { t0: number; t1: number; tileBlock: number },
  l: { p: number; nb: number; spare: [number, number] },
  body: (block: Code) => void,
): void {
  c.get(P.t0).set(l.p);
  c.block((done) =>
    done.loop((block) => {
      block.get(l.p).get(P.t1).i32GeS().brIf(1);
      block
        .get(P.t1)
        .get(l.p)
        .i32Sub()
        .get(P.tileBlock)
        .i32MinS(...l.spare)
        .set(l.nb);
      body(block);
      block.get(l.p).get(l.nb).i32Add().set(l.p).br(0);
    }),
  );
}

/** Bytes of one h×w plane into `plane`, and of rows 0, 1, … into `rowOffset`. */
export function planeAndRowOffsets(c: Code, h: number, w: number, plane: number, rowOffset: readonly number[]): void {
  c.get(h).get(w).i32Mul().i32(2).i32Shl().set(plane);
  rowOffset.forEach((off, i) => c.i32(i).get(w).i32Mul().i32(2).i32Shl().set(off));
}

/** `size` rounded up to a multiple of `multiple` (a power of two) into `into`. */
export function roundUpInto(c: Code, size: number, multiple: number, into: number): void {
  c.get(size)
    .i32(multiple - 1)
    .i32Add()
    .i32(-multiple)
    .i32And()
    .set(into);
}

/**
 * The tile number `first` leaves on the stack, kept in t, split into its sample n, its index r
 * within the sample and its tile row ty (t and r may be the same local); then the tile's first
 * column into x and first row into y (ty and y may be the same local), less the padding pw and
 * ph where given.
 */
export function locateTile(
  c: Code,
  m: WinogradTile,
  P: { tilesPerImage: number; tilesPerRow: number },
  l: { t: number; n: number; r: number; ty: number; x: number; y: number; pad?: { ph: number; pw: number } },
  first: (c: Code) => void,
): void {
  first(c);
  c.set(l.t);
  c.get(l.t).get(P.tilesPerImage).i32DivU().set(l.n);
  c.get(l.t).get(l.n).get(P.tilesPerImage).i32Mul().i32Sub().set(l.r);
  c.get(l.r).get(P.tilesPerRow).i32DivU().set(l.ty);
  c.get(l.r).get(l.ty).get(P.tilesPerRow).i32Mul().i32Sub().i32(m).i32Mul();
  if (l.pad) c.get(l.pad.pw).i32Sub();
  c.set(l.x);
  c.get(l.ty).i32(m).i32Mul();
  if (l.pad) c.get(l.pad.ph).i32Sub();
  c.set(l.y);
}

/** The locals a patch's row-then-column input transform works in, declared last so the others keep their indices. */
export function patchTransformLocals(
  c: Code,
  local: (type?: ValueType) => number,
  a: number,
): {
  rowA: number[];
  rowB: number[];
  tmp: number[];
  rows: number[][];
  temps: ReturnType<typeof tempPool>;
  vec: ReturnType<typeof vectorArith>;
} {
  const rowA = locals(local, 4, V128);
  const rowB = locals(local, 4, V128);
  const tmp = locals(local, 4, V128);
  const rows = Array.from({ length: a }, () => Array.from({ length: a }, () => local(V128)));
  const temps = tempPool(local);
  return { rowA, rowB, tmp, rows, temps, vec: vectorArith(c, temps) };
}

/** `present` where index + lane < count (the lane holds a tile), else `absent`. */
export function ifLaneInRange(
  c: Code,
  index: number,
  lane: number,
  count: number,
  present: (c: Code) => void,
  absent: (c: Code) => void,
): void {
  c.get(index).i32(lane).i32Add().get(count).i32LtS().if(present, absent);
}

/**
 * into = base + (⌊index/NR⌋·k·NR + index % NR)·4: where element `index` of the panels' run
 * lands when gemm_block's B is packed in panels of NR, k rows each.
 */
export function panelAddress(c: Code, base: number, index: number, k: number, into: number): void {
  c.get(base)
    .get(index)
    .i32(Math.log2(NR))
    .i32ShrS()
    .get(k)
    .i32Mul()
    .i32(NR)
    .i32Mul()
    .get(index)
    .i32(NR - 1)
    .i32And()
    .i32Add()
    .i32(2)
    .i32Shl()
    .i32Add()
    .set(into);
}

/**
 * The transform along the columns of `rows` (rows[i][j]: line i transformed, element j), each
 * column's α results stored as operands ξ = i·α + j, at + ξ·xiStride.
 */
export function storeColumns(
  c: Code,
  m: WinogradTile,
  rows: number[][],
  transform: typeof inputTransform,
  vec: ReturnType<typeof vectorArith>,
  temps: ReturnType<typeof tempPool>,
  at: number,
  xiStride: number,
): void {
  const a = alpha(m);
  for (let j = 0; j < a; j++) {
    temps.reset();
    const column = transform(
      m,
      rows.map((row) => row[j]!),
      vec,
    );
    column.forEach((v, i) =>
      c
        .get(at)
        .get(xiStride)
        .i32(i * a + j)
        .i32Mul()
        .i32Add()
        .get(v)
        .v128Store(),
    );
  }
}
