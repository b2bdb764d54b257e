import { Code, I32, V128, type ValueType } from './code.js';
import { KERNEL_PARAMS, paramIndices } from './kernel-params.js';
import type { WasmFunction } from './module.js';

/** Rows of C a micro-kernel tile holds in registers (one broadcast of A each). */
export const MR = 4;
/** Columns of C a tile holds: two f32x4 vectors per row. */
export const NR = 8;
const VECTORS = NR / 4;

/**
 * `gemm_block(mPanels, nPanels, kc, aPack, bPack, c, ldc, add)`: C += A·B over a block (C = A·B
 * when `add` is 0: C is not read, so it needs no zeroing first), where A is packed as mPanels
 * panels of MR rows (k-major), B as nPanels panels of NR columns (k-major), and C is row-major
 * with `ldc` bytes per row, padded to whole tiles. Each MR×NR tile of C
 * stays in MR·NR/4 vector registers for the whole kc loop: per k, NR/4 loads of B, MR
 * broadcasts of A and MR·NR/4 multiply-adds. With `fused`, relaxed SIMD's madd does each.
 */
export function gemmBlock(fused: boolean): WasmFunction {
  const { mPanels, nPanels, kc, aPack, bPack, c, ldc, add } = paramIndices('gemm_block');
  const params = KERNEL_PARAMS.gemm_block.map((): ValueType => I32);
  const locals: ValueType[] = [];
  const local = (type: ValueType) => params.length + locals.push(type) - 1;
  const [ir, jr, p, aPtr, bPtr, cPtr] = ([I32, I32, I32, I32, I32, I32] as ValueType[]).map((t) => local(t));
  const acc = Array.from({ length: MR }, () => Array.from({ length: VECTORS }, () => local(V128)));
  const b = Array.from({ length: VECTORS }, () => local(V128));
  const a = local(V128);
  const code = new Code();
  const rowAddress = (r: number) => code.get(cPtr!).get(ldc).i32(r).i32Mul().i32Add();

  code
    .i32(0)
    .set(jr!)
    .loop((jLoop) => {
      jLoop
        .i32(0)
        .set(ir!)
        .loop((iLoop) => {
          // Tile origins: A panel ir, B panel jr, C at (ir·MR, jr·NR).
          iLoop
            .get(aPack)
            .get(ir!)
            .get(kc)
            .i32Mul()
            .i32(MR * 4)
            .i32Mul()
            .i32Add()
            .set(aPtr!);
          iLoop
            .get(bPack)
            .get(jr!)
            .get(kc)
            .i32Mul()
            .i32(NR * 4)
            .i32Mul()
            .i32Add()
            .set(bPtr!);
          iLoop
            .get(c)
            .get(ir!)
            .i32(MR)
            .i32Mul()
            .get(ldc)
            .i32Mul()
            .i32Add()
            .get(jr!)
            .i32(NR * 4)
            .i32Mul()
            .i32Add()
            .set(cPtr!);
          iLoop.get(add).if(
            () => {
              for (let r = 0; r < MR; r++)
                for (let v = 0; v < VECTORS; v++)
                  rowAddress(r)
                    .v128Load(v * 16)
                    .set(acc[r]![v]!);
            },
            (zero) => {
              for (let r = 0; r < MR; r++) for (let v = 0; v < VECTORS; v++) zero.v128Zero().set(acc[r]![v]!);
            },
          );
          iLoop
            .get(kc)
            .set(p!)
            .loop((kLoop) => {
              for (let v = 0; v < VECTORS; v++)
                kLoop
                  .get(bPtr!)
                  .v128Load(v * 16)
                  .set(b[v]!);
              for (let r = 0; r < MR; r++) {
                kLoop
                  .get(aPtr!)
                  .v128Load32Splat(r * 4)
                  .set(a);
                for (let v = 0; v < VECTORS; v++) {
                  if (fused) kLoop.get(a).get(b[v]!).get(acc[r]![v]!).f32x4RelaxedMadd();
                  else kLoop.get(acc[r]![v]!).get(a).get(b[v]!).f32x4Mul().f32x4Add();
                  kLoop.set(acc[r]![v]!);
                }
              }
              kLoop
                .get(aPtr!)
                .i32(MR * 4)
                .i32Add()
                .set(aPtr!);
              kLoop
                .get(bPtr!)
                .i32(NR * 4)
                .i32Add()
                .set(bPtr!);
              kLoop.get(p!).i32(1).i32Sub().tee(p!).brIf(0);
            });
          for (let r = 0; r < MR; r++)
            for (let v = 0; v < VECTORS; v++)
              rowAddress(r)
                .get(acc[r]![v]!)
                .v128Store(v * 16);
          iLoop.get(ir!).i32(1).i32Add().tee(ir!).get(mPanels).i32LtU().brIf(0);
        });
      jLoop.get(jr!).i32(1).i32Add().tee(jr!).get(nPanels).i32LtU().brIf(0);
    });
  return { name: 'gemm_block', params, locals, code };
}
