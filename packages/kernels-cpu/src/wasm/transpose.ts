import type { Code } from './code.js';

/**
 * Transposes the 4×4 block held in locals rows[0..3] (row r in rows[r]) in place, by way of
 * the four locals in `tmp`: two rounds of lane shuffles (unpacklo/hi, then movelh/hl on x64).
 */
export function transpose4(c: Code, rows: readonly number[], tmp: readonly number[]): void {
  const [r0, r1, r2, r3] = rows as [number, number, number, number];
  const [t0, t1, t2, t3] = tmp as [number, number, number, number];
  c.get(r0).get(r1).f32x4Shuffle([0, 4, 1, 5]).set(t0);
  c.get(r0).get(r1).f32x4Shuffle([2, 6, 3, 7]).set(t1);
  c.get(r2).get(r3).f32x4Shuffle([0, 4, 1, 5]).set(t2);
  c.get(r2).get(r3).f32x4Shuffle([2, 6, 3, 7]).set(t3);
  c.get(t0).get(t2).f32x4Shuffle([0, 1, 4, 5]).set(r0);
  c.get(t0).get(t2).f32x4Shuffle([2, 3, 6, 7]).set(r1);
  c.get(t1).get(t3).f32x4Shuffle([0, 1, 4, 5]).set(r2);
  c.get(t1).get(t3).f32x4Shuffle([2, 3, 6, 7]).set(r3);
}
