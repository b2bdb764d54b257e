import type { Code } from './code.js';
import { wasmFunction } from './function.js';
import { MR, NR } from './gemm-block.js';
import type { WasmFunction } from './module.js';

/**
 * `pack_a(src, rowStride, colStride, mc, kc, dst)`: the mc×kc block of A at byte address `src`
 * (strides in elements) as panels of MR rows, k-major: element (i, p) goes to
 * dst[(i - i%MR)·kc + p·MR + i%MR]. Rows past mc are zero so edge tiles need no special case.
 */
export function packA(): WasmFunction {
  return wasmFunction('pack_a', 6, (c, local) => {
    const [src, rs, cs, mc, kc, dst] = [0, 1, 2, 3, 4, 5];
    const [i0, p, from, to, step] = [local(), local(), local(), local(), local()];
    c.get(cs).i32(2).i32Shl().set(step);
    c.forRange(i0, (s) => s.i32(0), (e) => e.get(mc), MR, (body) => {
      for (let row = 0; row < MR; row++) {
        // to = dst + (i0·kc + row)·4, advancing MR floats per k
        body.get(dst).get(i0).get(kc).i32Mul().i32(row).i32Add().i32(2).i32Shl().i32Add().set(to);
        body.get(i0).i32(row).i32Add().get(mc).i32LtS().if(
          (inside) => {
            inside.get(src).get(i0).i32(row).i32Add().get(rs).i32Mul().i32(2).i32Shl().i32Add().set(from);
            inside.forRange(p, (s) => s.i32(0), (e) => e.get(kc), 1, (k) => {
              k.get(to).get(from).f32Load().f32Store();
              k.get(from).get(step).i32Add().set(from);
              k.get(to).i32(MR * 4).i32Add().set(to);
            });
          },
          (outside) => outside.forRange(p, (s) => s.i32(0), (e) => e.get(kc), 1, (k) => {
            k.get(to).f32Zero().f32Store();
            k.get(to).i32(MR * 4).i32Add().set(to);
          }),
        );
      }
    });
  });
}

/**
 * `pack_b(src, rowStride, colStride, kc, nc, dst)`: the kc×nc block of B as panels of NR
 * columns, k-major: element (p, j) goes to dst[(j - j%NR)·kc + p·NR + j%NR], zero past nc.
 * Whole panels of a row-major B move as two vectors per k.
 */
export function packB(): WasmFunction {
  return wasmFunction('pack_b', 6, (c, local) => {
    const [src, rs, cs, kc, nc, dst] = [0, 1, 2, 3, 4, 5];
    const [j0, p, from, to, rowStep, colStep, width] = [local(), local(), local(), local(), local(), local(), local()];
    c.get(rs).i32(2).i32Shl().set(rowStep);
    c.get(cs).i32(2).i32Shl().set(colStep);
    c.forRange(j0, (s) => s.i32(0), (e) => e.get(nc), NR, (body) => {
      body.get(dst).get(j0).get(kc).i32Mul().i32(2).i32Shl().i32Add().set(to);
      body.get(src).get(j0).get(cs).i32Mul().i32(2).i32Shl().i32Add().set(from);
      body.get(nc).get(j0).i32Sub().i32(NR).i32MinS(width, p).set(width);
      body.get(width).i32(NR).i32Eq().get(cs).i32(1).i32Eq().i32And().if(
        (whole) => whole.forRange(p, (s) => s.i32(0), (e) => e.get(kc), 1, (k) => {
          for (let v = 0; v < NR / 4; v++) k.get(to).get(from).v128Load(v * 16).v128Store(v * 16);
          k.get(from).get(rowStep).i32Add().set(from);
          k.get(to).i32(NR * 4).i32Add().set(to);
        }),
        (edge) => edge.forRange(p, (s) => s.i32(0), (e) => e.get(kc), 1, (k) => {
          copyEdgeRow(k, { from, to, width, colStep });
          k.get(from).get(rowStep).i32Add().set(from);
          k.get(to).i32(NR * 4).i32Add().set(to);
        }),
      );
    });
  });
}

/** One k-row of a partial (or strided) B panel: `width` elements, then zeros up to NR. */
function copyEdgeRow(k: Code, l: { from: number; to: number; width: number; colStep: number }): void {
  for (let col = 0; col < NR; col++) {
    k.i32(col).get(l.width).i32LtS().if(
      (inside) => inside.get(l.to).get(l.from).get(l.colStep).i32(col).i32Mul().i32Add().f32Load().f32Store(col * 4),
      (outside) => outside.get(l.to).f32Zero().f32Store(col * 4),
    );
  }
}
