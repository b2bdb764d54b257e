import { wasmFunction } from './function.js';
import { paramIndices } from './kernel-params.js';
import { MR, NR } from './gemm-block.js';
import type { WasmFunction } from './module.js';

// Goto-style blocking sized for a 32 KiB L1 and 512 KiB L2: a KC×NR sliver of B and an MR×KC
// sliver of A stay in L1 through a micro-kernel; a KC×NC panel of B stays in L2.
export const KC = 256;
export const MC = 32 * MR;
export const NC = 512;
/** Bytes of packing scratch one thread needs: an MC×KC block of A and a KC×NC panel of B. */
export const PACK_SCRATCH_BYTES = (MC * KC + KC * NC) * 4;

/** Where the driver finds the functions it calls, by index in the module. */
export interface DriverCalls {
  readonly gemmBlock: number;
  readonly packA: number;
  readonly packB: number;
}

/**
 * `sgemm(m, n, k, a, aRowStride, aColStride, b, bRowStride, bColStride, c, ldc, scratch, add)`:
 * C += A·B (C = A·B where `add` is 0: C need not be zeroed first) for m, n, k > 0, A and B at
 * byte addresses with strides in elements, C row-major with `ldc` bytes per row and room for
 * whole MR×NR tiles past its edges (they are written). `scratch` holds PACK_SCRATCH_BYTES for
 * the packed blocks.
 */
export function sgemmDriver(calls: DriverCalls): WasmFunction {
  const {
    m,
    n,
    k,
    a,
    aRowStride: ars,
    aColStride: acs,
    b,
    bRowStride: brs,
    bColStride: bcs,
    c: cc,
    ldc,
    scratch,
    add,
  } = paramIndices('sgemm');
  return wasmFunction('sgemm', (c, local) => {
    const [jc, pc, ic, nc, kc, mc, packedB, t0, t1] = [local(), local(), local(), local(), local(), local(), local(), local(), local()];
    c.get(scratch)
      .i32(MC * KC * 4)
      .i32Add()
      .set(packedB);
    c.forRange(
      jc,
      (s) => s.i32(0),
      (e) => e.get(n),
      NC,
      (jBody) => {
        jBody.get(n).get(jc).i32Sub().i32(NC).i32MinS(t0, t1).set(nc);
        jBody.forRange(
          pc,
          (s) => s.i32(0),
          (e) => e.get(k),
          KC,
          (pBody) => {
            pBody.get(k).get(pc).i32Sub().i32(KC).i32MinS(t0, t1).set(kc);
            // pack_b(b + (pc·brs + jc·bcs)·4, brs, bcs, kc, nc, packedB)
            pBody.get(b).get(pc).get(brs).i32Mul().get(jc).get(bcs).i32Mul().i32Add().i32(2).i32Shl().i32Add();
            pBody.get(brs).get(bcs).get(kc).get(nc).get(packedB).call(calls.packB);
            pBody.forRange(
              ic,
              (s) => s.i32(0),
              (e) => e.get(m),
              MC,
              (iBody) => {
                iBody.get(m).get(ic).i32Sub().i32(MC).i32MinS(t0, t1).set(mc);
                iBody.get(a).get(ic).get(ars).i32Mul().get(pc).get(acs).i32Mul().i32Add().i32(2).i32Shl().i32Add();
                iBody.get(ars).get(acs).get(mc).get(kc).get(scratch).call(calls.packA);
                // gemm_block(⌈mc/MR⌉, ⌈nc/NR⌉, kc, packedA, packedB, c + ic·ldc + jc·4, ldc, pc > 0 | add)
                iBody
                  .get(mc)
                  .i32(MR - 1)
                  .i32Add()
                  .i32(MR)
                  .i32DivU();
                iBody
                  .get(nc)
                  .i32(NR - 1)
                  .i32Add()
                  .i32(NR)
                  .i32DivU();
                iBody.get(kc).get(scratch).get(packedB);
                iBody.get(cc).get(ic).get(ldc).i32Mul().i32Add().get(jc).i32(2).i32Shl().i32Add().get(ldc);
                iBody.get(pc).i32(0).i32GtS().get(add).i32Or();
                iBody.call(calls.gemmBlock);
              },
            );
          },
        );
      },
    );
  });
}
