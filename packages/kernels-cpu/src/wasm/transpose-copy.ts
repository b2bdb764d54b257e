import { V128 } from './code.js';
import { wasmFunction } from './function.js';
import { paramIndices } from './kernel-params.js';
import type { WasmFunction } from './module.js';
import { transpose4 } from './transpose.js';

/**
 * `transpose(src, rows, cols, dst, row0, row1)`: rows [row0, row1) of dst = srcᵀ, for src a
 * dense rows×cols matrix and dst a dense cols×rows one (byte addresses). 4×4 blocks go through
 * registers; the ragged right and bottom edges go float by float.
 */
export function transposeFunction(): WasmFunction {
  const { src, rows, cols, dst, row0, row1 } = paramIndices('transpose');
  return wasmFunction('transpose', (c, local) => {
    const [i, j, k, from, to] = [local(), local(), local(), local(), local()];
    // src + ((j + plus)·cols + i)·4: four floats of source row j + plus from column i.
    const vectors = [local(V128), local(V128), local(V128), local(V128)];
    const tmp = [local(V128), local(V128), local(V128), local(V128)];
    // Four destination rows i… at a time, against four source rows j… at a time.
    const srcAt = (b: typeof c, plus: number) =>
      b.get(src).get(j).i32(plus).i32Add().get(cols).i32Mul().get(i).i32Add().i32(2).i32Shl().i32Add();
    c.get(row0).set(i);
    c.block((done) =>
      done.loop((iLoop) => {
        iLoop.get(i).i32(4).i32Add().get(row1).i32GtS().brIf(1);
        iLoop.forRange(
          j,
          (s) => s.i32(0),
          (e) => e.get(rows).i32(3).i32Sub(),
          4,
          (block) => {
            vectors.forEach((v, r) => srcAt(block, r).v128Load().set(v));
            transpose4(block, vectors, tmp);
            vectors.forEach((v, r) =>
              block.get(dst).get(i).i32(r).i32Add().get(rows).i32Mul().get(j).i32Add().i32(2).i32Shl().i32Add().get(v).v128Store(),
            );
          },
        );
        // The last rows % 4 source rows of these four destination rows.
        iLoop.forRange(
          k,
          (s) => s.get(j),
          (e) => e.get(rows),
          1,
          (edge) => {
            for (let r = 0; r < 4; r++) {
              edge.get(dst).get(i).i32(r).i32Add().get(rows).i32Mul().get(k).i32Add().i32(2).i32Shl().i32Add();
              edge
                .get(src)
                .get(k)
                .get(cols)
                .i32Mul()
                .get(i)
                .i32Add()
                .i32(2)
                .i32Shl()
                .i32Add()
                .f32Load(r * 4)
                .f32Store();
            }
          },
        );
        iLoop.get(i).i32(4).i32Add().set(i).br(0);
      }),
    );
    // The last destination rows, one at a time.
    c.forRange(
      i,
      (s) => s.get(i),
      (e) => e.get(row1),
      1,
      (row) => {
        row.forRange(
          k,
          (s) => s.i32(0),
          (e) => e.get(rows),
          1,
          (one) => {
            one.get(dst).get(i).get(rows).i32Mul().get(k).i32Add().i32(2).i32Shl().i32Add().set(to);
            one.get(src).get(k).get(cols).i32Mul().get(i).i32Add().i32(2).i32Shl().i32Add().set(from);
            one.get(to).get(from).f32Load().f32Store();
          },
        );
      },
    );
  });
}
