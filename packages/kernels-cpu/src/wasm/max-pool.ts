import type { Code } from './code.js';
import { V128 } from './code.js';
import { wasmFunction } from './function.js';
import { paramIndices } from './kernel-params.js';
import type { WasmFunction } from './module.js';

/**
 * `max_pool_2x2(src, out, argmax, planes, h, w, oh, ow)`: max-pooling with 2×2 windows at
 * stride 2 that lie inside the image (no padding; oh ≤ h/2, ow ≤ w/2), with each window's
 * winner as an in-plane index h·w + x. Four windows at a time: two vectors of each input row,
 * split into even and odd columns, then the taps in scan order; the same rule as the
 * typed-array kernel, so the same winners: a later tap wins only if greater, or if it is NaN
 * and the best so far is not (the first NaN wins, as in PyTorch). The last ow % 4 windows of a
 * row go one at a time.
 */
export function maxPool2x2Function(): WasmFunction {
  const { src, out, argmax, planes, h, w, oh, ow } = paramIndices('max_pool_2x2');
  return wasmFunction('max_pool_2x2', (c, local) => {
    const [plane, i, j, rowIn, rowOut, corner, below, v] = [local(), local(), local(), local(), local(), local(), local(), local()];
    const [best, tap, lanes, wide, a, b] = [local(V128), local(V128), local(V128), local(V128), local(V128), local(V128)];
    const taps = [local(V128), local(V128), local(V128)];
    const [bestS, tapS] = [local(), local()];
    c.get(w).i32(2).i32Shl().set(below);
    c.i32x4Const([1, 1, 1, 1]).set(taps[0]!);
    c.get(w).i32x4Splat().set(taps[1]!);
    c.get(w).i32(1).i32Add().i32x4Splat().set(taps[2]!);
    c.i32x4Const([0, 2, 4, 6]).set(lanes);
    c.i32(0).set(rowOut);
    c.forRange(
      plane,
      (s) => s.i32(0),
      (e) => e.get(planes),
      1,
      (pBody) => {
        pBody.forRange(
          i,
          (s) => s.i32(0),
          (e) => e.get(oh),
          1,
          (iBody) => {
            // Row 2i of the plane: its byte address and its first pixel's in-plane index.
            iBody.get(i).i32(1).i32Shl().get(w).i32Mul().set(corner);
            iBody.get(src).get(plane).get(h).i32Mul().get(w).i32Mul().get(corner).i32Add().i32(2).i32Shl().i32Add().set(rowIn);
            iBody.forRange(
              j,
              (s) => s.i32(0),
              (e) => e.get(ow).i32(3).i32Sub(),
              4,
              (vec) => {
                const load = (offset: number) => vec.get(rowIn).get(j).i32(3).i32Shl().i32Add().v128Load(offset);
                load(0);
                load(16).f32x4Shuffle([0, 2, 4, 6]).set(best);
                vec.v128Zero().set(tap);
                const step = (k: number) => {
                  // m = v > best | (v ≠ v & best = best); best, tap = m ? v, tap k : best, tap
                  vec.get(wide).get(best).f32x4Gt().get(wide).get(wide).f32x4Ne().get(best).get(best).f32x4Eq().v128And().v128Or().set(a);
                  vec.get(wide).get(best).get(a).v128Bitselect().set(best);
                  vec.get(taps[k]!).get(tap).get(a).v128Bitselect().set(tap);
                };
                load(0);
                load(16).f32x4Shuffle([1, 3, 5, 7]).set(wide);
                step(0);
                vec.get(rowIn).get(below).i32Add().get(j).i32(3).i32Shl().i32Add().tee(v).v128Load().set(b);
                vec.get(b).get(v).v128Load(16).f32x4Shuffle([0, 2, 4, 6]).set(wide);
                step(1);
                vec.get(b).get(v).v128Load(16).f32x4Shuffle([1, 3, 5, 7]).set(wide);
                step(2);
                vec.get(out).get(rowOut).i32Add().get(j).i32(2).i32Shl().i32Add().get(best).v128Store();
                vec.get(argmax).get(rowOut).i32Add().get(j).i32(2).i32Shl().i32Add();
                vec.get(tap).get(lanes).i32x4Add().get(corner).get(j).i32(1).i32Shl().i32Add().i32x4Splat().i32x4Add().v128Store();
              },
            );
            iBody.forRange(
              j,
              (s) => s.get(j),
              (e) => e.get(ow),
              1,
              (one) => scalarWindow(one, { rowIn, below, j, out, argmax, rowOut, corner, w, bestS, tapS, v }),
            );
            iBody.get(rowOut).get(ow).i32(2).i32Shl().i32Add().set(rowOut);
          },
        );
      },
    );
  });
}

/** One window, as the vector loop does four. */
function scalarWindow(
  c: Code,
  l: {
    rowIn: number;
    below: number;
    j: number;
    out: number;
    argmax: number;
    rowOut: number;
    corner: number;
    w: number;
    bestS: number;
    tapS: number;
    v: number;
  },
): void {
  // v = address of the window's top-left pixel; best is kept as its tap, re-read after each step.
  c.get(l.rowIn).get(l.j).i32(3).i32Shl().i32Add().set(l.v);
  c.i32(0).set(l.tapS);
  const value = (b: Code, tapOffsetBytes: (b: Code) => void) => {
    b.get(l.v);
    tapOffsetBytes(b);
    b.i32Add().f32Load();
  };
  const bestValue = (b: Code) => b.get(l.v).get(l.bestS).i32Add().f32Load();
  c.i32(0).set(l.bestS);
  const steps: [(b: Code) => void, (b: Code) => void][] = [
    [(b) => b.i32(4), (b) => b.i32(1)],
    [(b) => b.get(l.below), (b) => b.get(l.w)],
    [(b) => b.get(l.below).i32(4).i32Add(), (b) => b.get(l.w).i32(1).i32Add()],
  ];
  for (const [bytes, index] of steps) {
    // m = v > best | (v ≠ v & best = best)
    value(c, bytes);
    bestValue(c);
    c.f32Gt();
    value(c, bytes);
    value(c, bytes);
    c.f32Ne();
    bestValue(c);
    bestValue(c);
    c.f32Eq()
      .i32And()
      .i32Or()
      .if((win) => {
        bytes(win);
        win.set(l.bestS);
        index(win);
        win.set(l.tapS);
      });
  }
  c.get(l.out).get(l.rowOut).i32Add().get(l.j).i32(2).i32Shl().i32Add();
  bestValue(c);
  c.f32Store();
  c.get(l.argmax).get(l.rowOut).i32Add().get(l.j).i32(2).i32Shl().i32Add();
  c.get(l.corner).get(l.j).i32(1).i32Shl().i32Add().get(l.tapS).i32Add().i32Store();
}
