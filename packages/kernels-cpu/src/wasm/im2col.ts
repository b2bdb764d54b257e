import type { Code } from './code.js';
import { locals, wasmFunction } from './function.js';
import { paramIndices } from './kernel-params.js';
import type { WasmFunction } from './module.js';

/** Parameters shared by im2col and col2im. */
const P = paramIndices('im2col');

/**
 * `im2col(image, channels, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, cols, pitch)`: a 2-D
 * image's columns, row (c, i, j) at cols + row·pitch·4 holding that tap's input at every output
 * position, zero where the tap falls in the padding. The same walk as the typed-array
 * `transferTaps`: per row, the run [x0, x1) of output x whose tap lands inside the image is
 * found once, so each output row is zeros, a copy, zeros. The copies and fills are inline
 * vector loops: V8 compiles memory.copy and memory.fill to calls into the runtime, which cost
 * more than moving the one or two hundred bytes of a typical row. "Same" convolutions at
 * stride 1 skip the per-row walk: `wholeTapRow`.
 */
export function im2colFunction(): WasmFunction {
  return tapWalk(
    'im2col',
    (c, l) => {
      zeroFloats(
        c,
        l.col,
        (s) => s.i32(0),
        (e) => e.get(l.x0),
        l.x,
      );
      c.get(l.sw)
        .i32(1)
        .i32Eq()
        .if(
          (unit) =>
            copyFloats(
              unit,
              l,
              (s) => s.get(l.x0),
              (e) => e.get(l.x1),
            ),
          (strided) =>
            strided.forRange(
              l.x,
              (s) => s.get(l.x0),
              (e) => e.get(l.x1),
              1,
              (b) => {
                b.get(l.col).get(l.x).i32(2).i32Shl().i32Add();
                b.get(l.src).get(l.x).get(l.sw).i32Mul().i32(2).i32Shl().i32Add().f32Load().f32Store();
              },
            ),
        );
      zeroFloats(
        c,
        l.col,
        (s) => s.get(l.x1),
        (e) => e.get(l.ow),
        l.x,
      );
    },
    (c, l) =>
      zeroFloats(
        c,
        l.col,
        (s) => s.i32(0),
        (e) => e.get(l.ow),
        l.x,
      ),
    wholeTapRow,
  );
}

/**
 * A tap's whole row of columns where output rows are as wide as image rows, at stride 1 (a
 * "same" convolution: LeNet's, ResNet's 3×3): the image rows the tap reads are then one run
 * of memory and so are the output rows they fill, shifted by the tap's column offset. One long
 * vector copy moves them all; the few positions per row whose tap falls left or right of the
 * image (they got a neighbouring row's pixel) are zeroed after, and the rows whose tap falls
 * above or below it are zeros. Saves the per-row loop setup that dominated on 14-wide rows.
 * The copy may read up to 4 floats before the image's first pixel and after its last: callers
 * leave 16 bytes after the image.
 */
function wholeTapRow(c: Code, l: TapLocals): void {
  tapRowRange(c, l);
  zeroFloats(
    c,
    l.rowAt,
    (s) => s.i32(0),
    (e) => e.get(l.ya).get(P.ow).i32Mul(),
    l.x,
  );
  zeroFloats(
    c,
    l.rowAt,
    (s) => s.get(l.yb).get(P.ow).i32Mul(),
    (e) => e.get(P.oh).get(P.ow).i32Mul(),
    l.x,
  );
  // dst = rowAt + ya·ow·4, src = the tap's pixel in image row ya − top, (yb − ya)·ow floats.
  floatsAt(c, l, l.ya).set(l.col);
  tapSource(c, l.ch, l.shift, (row) => row.get(l.ya).i32Add().get(l.top).i32Sub()).set(l.src);
  c.get(l.yb).get(l.ya).i32Sub().get(P.ow).i32Mul().set(l.x1);
  copyFloats(
    c,
    l,
    (s) => s.i32(0),
    (e) => e.get(l.x1),
  );
  zeroWrapped(c, l);
}

/** The address of output row y's first position in the tap's row of columns. */
function floatsAt(b: Code, l: TapLocals, y: number): Code {
  return b.get(l.rowAt).get(y).get(P.ow).i32Mul().i32(2).i32Shl().i32Add();
}

/** top (iy = y − top), the output rows [ya, yb) whose tap row lies in the image, and rowAt. */
function tapRowRange(c: Code, l: TapLocals): void {
  c.get(P.ph).get(l.i).get(P.dh).i32Mul().i32Sub().set(l.top);
  c.get(l.top).i32(0).i32MaxS(l.t0, l.t1).get(P.oh).i32MinS(l.t0, l.t1).set(l.ya);
  c.get(P.h).get(l.top).i32Add().get(P.oh).i32MinS(l.t0, l.t1).get(l.ya).i32MaxS(l.t0, l.t1).set(l.yb);
  c.get(P.cols).get(l.row).get(P.pitch).i32Mul().i32(2).i32Shl().i32Add().set(l.rowAt);
}

/** Zeros rows [ya, yb)'s positions whose tap lies left of the image (x < −shift) or right of it (x ≥ w − shift). */
function zeroWrapped(c: Code, l: TapLocals): void {
  c.forRange(
    l.y,
    (s) => s.get(l.ya),
    (e) => e.get(l.yb),
    1,
    (row) => {
      floatsAt(row, l, l.y).set(l.col);
      zeroFloats(
        row,
        l.col,
        (s) => s.i32(0),
        (e) => e.i32(0).get(l.shift).i32Sub().i32(0).i32MaxS(l.t0, l.t1),
        l.x,
      );
      zeroFloats(
        row,
        l.col,
        (s) => s.get(P.w).get(l.shift).i32Sub().get(P.ow).i32MinS(l.t0, l.t1),
        (e) => e.get(P.ow),
        l.x,
      );
    },
  );
}

/** col[x] = src[x] for x in [from, to): four floats at a time, then one at a time. */
function copyFloats(c: Code, l: TapLocals, from: (c: Code) => void, to: (c: Code) => void): void {
  const at = (b: Code, base: number) => b.get(base).get(l.x).i32(2).i32Shl().i32Add();
  c.forRange(
    l.x,
    from,
    (e) => {
      to(e);
      e.i32(3).i32Sub();
    },
    4,
    (b) => at(at(b, l.col), l.src).v128Load().v128Store(),
  );
  c.forRange(
    l.x,
    (s) => s.get(l.x),
    to,
    1,
    (b) => at(at(b, l.col), l.src).f32Load().f32Store(),
  );
}

/**
 * Pushes image + ((ch·h + row)·w + shift)·4, the byte address of the pixel that output x = 0 of
 * the tap reads in image row `row` of channel `ch`; `row` adds that row to the i32 on the stack.
 */
function tapSource(c: Code, ch: number, shift: number, row: (c: Code) => void): Code {
  c.get(P.image).get(ch).get(P.h).i32Mul();
  row(c);
  return c.get(P.w).i32Mul().get(shift).i32Add().i32(2).i32Shl().i32Add();
}

/** Zeros floats [from, to) of the row at byte address `row`, four at a time, then one at a time. */
function zeroFloats(c: Code, row: number, from: (c: Code) => void, to: (c: Code) => void, x: number): void {
  const at = (b: Code) => b.get(row).get(x).i32(2).i32Shl().i32Add();
  c.forRange(
    x,
    from,
    (e) => {
      to(e);
      e.i32(3).i32Sub();
    },
    4,
    (b) => at(b).v128Zero().v128Store(),
  );
  c.forRange(
    x,
    (s) => s.get(x),
    to,
    1,
    (b) => at(b).f32Zero().f32Store(),
  );
}

/**
 * `col2im(…same parameters…)`: the adjoint, adding each column entry onto the pixel it read;
 * at stride 1 four pixels at a time (the same float32 additions, in the same order).
 */
export function col2imFunction(): WasmFunction {
  return tapWalk(
    'col2im',
    (c, l) => {
      const pixel = (b: Code) => b.get(l.src).get(l.x).get(l.sw).i32Mul().i32(2).i32Shl().i32Add();
      const entry = (b: Code) => b.get(l.col).get(l.x).i32(2).i32Shl().i32Add();
      c.get(l.sw)
        .i32(1)
        .i32Eq()
        .if((unit) => {
          unit.forRange(
            l.x,
            (s) => s.get(l.x0),
            (e) => e.get(l.x1).i32(3).i32Sub(),
            4,
            (b) => {
              pixel(b).tee(l.at).get(l.at).v128Load();
              entry(b).v128Load().f32x4Add().v128Store();
            },
          );
        });
      // At stride 1 the vector loop left x at the first pixel it did not add.
      c.forRange(
        l.x,
        (s) => s.get(l.x).get(l.x0).get(l.sw).i32(1).i32Eq().select(),
        (e) => e.get(l.x1),
        1,
        (b) => {
          pixel(b).tee(l.at).get(l.at).f32Load();
          entry(b).f32Load().f32Add().f32Store();
        },
      );
    },
    undefined,
    wholeTapRowAdd,
  );
}

/**
 * col2im's whole-row path, where im2col has one: the entries of positions whose tap falls left
 * or right of the image are zeroed in the columns (col2im ignores them anyway), then the run
 * of positions from the first one inside to the last is added onto its run of pixels in one
 * vector loop. The zeroed entries between land on pixels of this channel's neighbouring rows
 * and add +0, which changes no bits (a sum that starts at +0 is never −0), so the result is
 * the per-row walk's to the bit; the run never reaches past the channel, which another thread
 * may be adding to.
 */
function wholeTapRowAdd(c: Code, l: TapLocals): void {
  tapRowRange(c, l);
  zeroWrapped(c, l);
  // Position q = y·ow + x reads pixel (y − top)·w + x + shift of the channel (ow = w).
  tapSource(c, l.ch, l.shift, (row) => row.get(l.top).i32Sub()).set(l.src);
  const at = (b: Code, base: number) => b.get(base).get(l.x).i32(2).i32Shl().i32Add();
  // From ya·ow + max(0, −shift) to yb·ow − max(0, shift).
  c.get(l.yb).get(P.ow).i32Mul().get(l.shift).i32(0).i32MaxS(l.t0, l.t1).i32Sub().set(l.x1);
  c.forRange(
    l.x,
    (s) => s.get(l.ya).get(P.ow).i32Mul().i32(0).get(l.shift).i32Sub().i32(0).i32MaxS(l.t0, l.t1).i32Add(),
    (e) => e.get(l.x1).i32(3).i32Sub(),
    4,
    (b) => {
      at(b, l.src).tee(l.at).get(l.at).v128Load();
      at(b, l.rowAt).v128Load().f32x4Add().v128Store();
    },
  );
  c.forRange(
    l.x,
    (s) => s.get(l.x),
    (e) => e.get(l.x1),
    1,
    (b) => {
      at(b, l.src).tee(l.at).get(l.at).f32Load();
      at(b, l.rowAt).f32Load().f32Add().f32Store();
    },
  );
}

interface TapLocals {
  readonly sw: number;
  readonly ow: number;
  /** The tap: channel, tap row, output row, row of the columns; shift = j·dw − pw. */
  readonly ch: number;
  readonly i: number;
  readonly y: number;
  readonly row: number;
  readonly shift: number;
  /** For `wholeTapRow`: iy = y − top, the output rows [ya, yb) that read the image, the row's address, scratch. */
  readonly top: number;
  readonly ya: number;
  readonly yb: number;
  readonly rowAt: number;
  readonly t0: number;
  readonly t1: number;
  /** Byte address of this output row in the columns, and of output x = 0's tap in the image. */
  readonly col: number;
  readonly src: number;
  readonly x0: number;
  readonly x1: number;
  readonly x: number;
  readonly at: number;
}

/**
 * Walks rows (c, i, j) and output rows y, calling `inside` where the tap's image row exists
 * and `outside` (if given) where it falls in the padding.
 */
function tapWalk(
  name: 'im2col' | 'col2im',
  inside: (c: Code, l: TapLocals) => void,
  outside?: (c: Code, l: TapLocals) => void,
  whole?: (c: Code, l: TapLocals) => void,
): WasmFunction {
  return wasmFunction(name, (c, local) => {
    const [ch, i, j, y, row, shift, iy, x0, x1, x, col, src, at] = locals(local, 13);
    const [flat, top, ya, yb, rowAt, t0, t1] = locals(local, 7);
    const l: TapLocals = {
      sw: P.sw,
      ow: P.ow,
      col: col!,
      src: src!,
      x0: x0!,
      x1: x1!,
      x: x!,
      at: at!,
      ch: ch!,
      i: i!,
      y: y!,
      row: row!,
      shift: shift!,
      top: top!,
      ya: ya!,
      yb: yb!,
      rowAt: rowAt!,
      t0: t0!,
      t1: t1!,
    };
    // `whole` takes every tap row where output rows are image rows (stride 1, ow = w) and taps
    // reach at most 4 pixels past a row's ends (pw ≤ 4, (kw − 1)·dw − pw ≤ 4).
    c.get(P.sw).i32(1).i32Eq().get(P.sh).i32(1).i32Eq().i32And().get(P.ow).get(P.w).i32Eq().i32And().get(P.pw).i32(5).i32LtS().i32And();
    c.get(P.kw)
      .i32(1)
      .i32Sub()
      .get(P.dw)
      .i32Mul()
      .get(P.pw)
      .i32Sub()
      .i32(5)
      .i32LtS()
      .i32And()
      .i32(whole ? 1 : 0)
      .i32And()
      .set(flat!);
    c.i32(0).set(row!);
    c.forRange(
      ch!,
      (s) => s.i32(0),
      (e) => e.get(P.channels),
      1,
      (cBody) => {
        cBody.forRange(
          i!,
          (s) => s.i32(0),
          (e) => e.get(P.kh),
          1,
          (iBody) => {
            iBody.forRange(
              j!,
              (s) => s.i32(0),
              (e) => e.get(P.kw),
              1,
              (jBody) => {
                // shift = j·dw − pw; x0, x1 bound the x with 0 ≤ x·sw + shift < w.
                jBody.get(j!).get(P.dw).i32Mul().get(P.pw).i32Sub().set(shift!);
                jBody
                  .i32(0)
                  .set(x0!)
                  .block((b) =>
                    b.loop((lp) => {
                      lp.get(x0!).get(P.ow).i32GeS().brIf(1);
                      lp.get(x0!).get(P.sw).i32Mul().get(shift!).i32Add().i32(0).i32GeS().brIf(1);
                      lp.get(x0!).i32(1).i32Add().set(x0!).br(0);
                    }),
                  );
                jBody
                  .get(x0!)
                  .set(x1!)
                  .block((b) =>
                    b.loop((lp) => {
                      lp.get(x1!).get(P.ow).i32GeS().brIf(1);
                      lp.get(x1!).get(P.sw).i32Mul().get(shift!).i32Add().get(P.w).i32GeS().brIf(1);
                      lp.get(x1!).i32(1).i32Add().set(x1!).br(0);
                    }),
                  );
                jBody.get(flat!).if(
                  (w) => whole?.(w, l),
                  (perRow) =>
                    perRow.forRange(
                      y!,
                      (s) => s.i32(0),
                      (e) => e.get(P.oh),
                      1,
                      (yBody) => {
                        yBody
                          .get(P.cols)
                          .get(row!)
                          .get(P.pitch)
                          .i32Mul()
                          .get(y!)
                          .get(P.ow)
                          .i32Mul()
                          .i32Add()
                          .i32(2)
                          .i32Shl()
                          .i32Add()
                          .set(col!);
                        yBody.get(y!).get(P.sh).i32Mul().get(P.ph).i32Sub().get(i!).get(P.dh).i32Mul().i32Add().set(iy!);
                        yBody
                          .get(iy!)
                          .i32(0)
                          .i32GeS()
                          .get(iy!)
                          .get(P.h)
                          .i32LtS()
                          .i32And()
                          .if(
                            (inRow) => {
                              tapSource(inRow, ch!, shift!, (r) => r.get(iy!).i32Add()).set(src!);
                              inside(inRow, l);
                            },
                            outside ? (padRow) => outside(padRow, l) : undefined,
                          );
                      },
                    ),
                );
                jBody.get(row!).i32(1).i32Add().set(row!);
              },
            );
          },
        );
      },
    );
  });
}
