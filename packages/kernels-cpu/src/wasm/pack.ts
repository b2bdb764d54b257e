import { V128, type Code } from './code.js';
import { transpose4 } from './transpose.js';
import { wasmFunction } from './function.js';
import { paramIndices } from './kernel-params.js';
import { MR, NR } from './gemm-block.js';
import type { WasmFunction } from './module.js';

/**
 * `pack_a(src, rowStride, colStride, mc, kc, dst)`: the mc×kc block of A at byte address `src`
 * (strides in elements) as panels of MR rows, k-major: element (i, p) goes to
 * dst[(i - i%MR)·kc + p·MR + i%MR]. Rows past mc are zero so edge tiles need no special case.
 * Whole panels move as vectors: four k of four rows at a time, transposed in registers, from a
 * row-major A; one k of four rows at a time from a column-major one.
 */
export function packA(): WasmFunction {
  if (MR !== 4) throw new Error('pack_a: the vector paths move panels of four rows');
  const { src, rowStride: rs, colStride: cs, mc, kc, dst } = paramIndices('pack_a');
  return wasmFunction('pack_a', (c, local) => {
    const [i0, p, from, to, step] = [local(), local(), local(), local(), local()];
    const rowsAt = [local(), local(), local(), local()];
    const vectors = [local(V128), local(V128), local(V128), local(V128)];
    const tmp = [local(V128), local(V128), local(V128), local(V128)];
    c.get(cs).i32(2).i32Shl().set(step);
    c.forRange(
      i0,
      (s) => s.i32(0),
      (e) => e.get(mc),
      MR,
      (body) => {
        body.get(dst).get(i0).get(kc).i32Mul().i32(2).i32Shl().i32Add().set(to);
        const whole = (b: Code) => b.get(i0).i32(MR).i32Add().get(mc).i32GtS().i32Eqz();
        whole(body)
          .get(cs)
          .i32(1)
          .i32Eq()
          .i32And()
          .if(
            (rowMajor) => {
              rowsAt.forEach((at, r) => rowMajor.get(src).get(i0).i32(r).i32Add().get(rs).i32Mul().i32(2).i32Shl().i32Add().set(at));
              rowMajor.forRange(
                p,
                (s) => s.i32(0),
                (e) => e.get(kc).i32(3).i32Sub(),
                4,
                (k) => {
                  rowsAt.forEach((at, r) => k.get(at).v128Load().set(vectors[r]!).get(at).i32(16).i32Add().set(at));
                  transpose4(k, vectors, tmp);
                  vectors.forEach((v, q) =>
                    k
                      .get(to)
                      .get(v)
                      .v128Store(16 * q),
                  );
                  k.get(to).i32(64).i32Add().set(to);
                },
              );
              rowMajor.forRange(
                p,
                (s) => s.get(p),
                (e) => e.get(kc),
                1,
                (k) => {
                  rowsAt.forEach((at, r) =>
                    k
                      .get(to)
                      .get(at)
                      .f32Load()
                      .f32Store(4 * r)
                      .get(at)
                      .i32(4)
                      .i32Add()
                      .set(at),
                  );
                  k.get(to).i32(16).i32Add().set(to);
                },
              );
            },
            (other) =>
              whole(other)
                .get(rs)
                .i32(1)
                .i32Eq()
                .i32And()
                .if(
                  (columnMajor) => {
                    columnMajor.get(src).get(i0).i32(2).i32Shl().i32Add().set(from);
                    columnMajor.forRange(
                      p,
                      (s) => s.i32(0),
                      (e) => e.get(kc),
                      1,
                      (k) => {
                        k.get(to).get(from).v128Load().v128Store();
                        k.get(from).get(step).i32Add().set(from);
                        k.get(to).i32(16).i32Add().set(to);
                      },
                    );
                  },
                  (rest) => packRows(rest, { src, rs, mc, kc, dst, i0, p, from, to, step }),
                ),
          );
      },
    );
  });
}

/** A panel (an edge one, or from any strides) row by row, element by element, zeros past mc. */
function packRows(
  body: Code,
  l: { src: number; rs: number; mc: number; kc: number; dst: number; i0: number; p: number; from: number; to: number; step: number },
): void {
  for (let row = 0; row < MR; row++) {
    // to = dst + (i0·kc + row)·4, advancing MR floats per k
    body.get(l.dst).get(l.i0).get(l.kc).i32Mul().i32(row).i32Add().i32(2).i32Shl().i32Add().set(l.to);
    body
      .get(l.i0)
      .i32(row)
      .i32Add()
      .get(l.mc)
      .i32LtS()
      .if(
        (inside) => {
          inside.get(l.src).get(l.i0).i32(row).i32Add().get(l.rs).i32Mul().i32(2).i32Shl().i32Add().set(l.from);
          inside.forRange(
            l.p,
            (s) => s.i32(0),
            (e) => e.get(l.kc),
            1,
            (k) => {
              k.get(l.to).get(l.from).f32Load().f32Store();
              k.get(l.from).get(l.step).i32Add().set(l.from);
              k.get(l.to)
                .i32(MR * 4)
                .i32Add()
                .set(l.to);
            },
          );
        },
        (outside) =>
          outside.forRange(
            l.p,
            (s) => s.i32(0),
            (e) => e.get(l.kc),
            1,
            (k) => {
              k.get(l.to).f32Zero().f32Store();
              k.get(l.to)
                .i32(MR * 4)
                .i32Add()
                .set(l.to);
            },
          ),
      );
  }
}

/**
 * `pack_b(src, rowStride, colStride, kc, nc, dst)`: the kc×nc block of B as panels of NR
 * columns, k-major: element (p, j) goes to dst[(j - j%NR)·kc + p·NR + j%NR], zero past nc.
 * Whole panels of a row-major B move as two vectors per k; of a column-major one, through
 * 4×4 transposes.
 */
export function packB(): WasmFunction {
  const { src, rowStride: rs, colStride: cs, kc, nc, dst } = paramIndices('pack_b');
  return wasmFunction('pack_b', (c, local) => {
    const [j0, p, from, to, rowStep, colStep, width] = [local(), local(), local(), local(), local(), local(), local()];
    const columns = Array.from({ length: NR }, () => local());
    const vectors = [local(V128), local(V128), local(V128), local(V128)];
    const tmp = [local(V128), local(V128), local(V128), local(V128)];
    c.get(rs).i32(2).i32Shl().set(rowStep);
    c.get(cs).i32(2).i32Shl().set(colStep);
    c.forRange(
      j0,
      (s) => s.i32(0),
      (e) => e.get(nc),
      NR,
      (body) => {
        body.get(dst).get(j0).get(kc).i32Mul().i32(2).i32Shl().i32Add().set(to);
        body.get(src).get(j0).get(cs).i32Mul().i32(2).i32Shl().i32Add().set(from);
        body.get(nc).get(j0).i32Sub().i32(NR).i32MinS(width, p).set(width);
        body
          .get(width)
          .i32(NR)
          .i32Eq()
          .get(cs)
          .i32(1)
          .i32Eq()
          .i32And()
          .if(
            (whole) =>
              whole.forRange(
                p,
                (s) => s.i32(0),
                (e) => e.get(kc),
                1,
                (k) => {
                  for (let v = 0; v < NR / 4; v++)
                    k.get(to)
                      .get(from)
                      .v128Load(v * 16)
                      .v128Store(v * 16);
                  k.get(from).get(rowStep).i32Add().set(from);
                  k.get(to)
                    .i32(NR * 4)
                    .i32Add()
                    .set(to);
                },
              ),
            (other) =>
              other
                .get(width)
                .i32(NR)
                .i32Eq()
                .get(rs)
                .i32(1)
                .i32Eq()
                .i32And()
                .if(
                  (columnMajor) => packColumnMajorPanel(columnMajor, { kc, p, from, to, colStep, columns, vectors, tmp }),
                  (edge) =>
                    edge.forRange(
                      p,
                      (s) => s.i32(0),
                      (e) => e.get(kc),
                      1,
                      (k) => {
                        copyEdgeRow(k, { from, to, width, colStep });
                        k.get(from).get(rowStep).i32Add().set(from);
                        k.get(to)
                          .i32(NR * 4)
                          .i32Add()
                          .set(to);
                      },
                    ),
                ),
          );
      },
    );
  });
}

/**
 * A whole panel of a column-major B (a transposed operand, as x·wᵀ's wᵀ): four k of each
 * column at a time, 4×4 blocks transposed in registers, then single floats for the last k.
 */
function packColumnMajorPanel(
  c: Code,
  l: { kc: number; p: number; from: number; to: number; colStep: number; columns: number[]; vectors: number[]; tmp: number[] },
): void {
  l.columns.forEach((at, col) => c.get(l.from).get(l.colStep).i32(col).i32Mul().i32Add().set(at));
  c.forRange(
    l.p,
    (s) => s.i32(0),
    (e) => e.get(l.kc).i32(3).i32Sub(),
    4,
    (k) => {
      for (let half = 0; half < NR / 4; half++) {
        l.vectors.forEach((v, r) =>
          k
            .get(l.columns[4 * half + r]!)
            .v128Load()
            .set(v),
        );
        transpose4(k, l.vectors, l.tmp);
        l.vectors.forEach((v, q) =>
          k
            .get(l.to)
            .get(v)
            .v128Store(q * NR * 4 + half * 16),
        );
      }
      l.columns.forEach((at) => k.get(at).i32(16).i32Add().set(at));
      k.get(l.to)
        .i32(4 * NR * 4)
        .i32Add()
        .set(l.to);
    },
  );
  c.forRange(
    l.p,
    (s) => s.get(l.p),
    (e) => e.get(l.kc),
    1,
    (k) => {
      l.columns.forEach((at, col) =>
        k
          .get(l.to)
          .get(at)
          .f32Load()
          .f32Store(col * 4)
          .get(at)
          .i32(4)
          .i32Add()
          .set(at),
      );
      k.get(l.to)
        .i32(NR * 4)
        .i32Add()
        .set(l.to);
    },
  );
}

/** One k-row of a partial (or strided) B panel: `width` elements, then zeros up to NR. */
function copyEdgeRow(k: Code, l: { from: number; to: number; width: number; colStep: number }): void {
  for (let col = 0; col < NR; col++) {
    k.i32(col)
      .get(l.width)
      .i32LtS()
      .if(
        (inside) =>
          inside
            .get(l.to)
            .get(l.from)
            .get(l.colStep)
            .i32(col)
            .i32Mul()
            .i32Add()
            .f32Load()
            .f32Store(col * 4),
        (outside) =>
          outside
            .get(l.to)
            .f32Zero()
            .f32Store(col * 4),
      );
  }
}
