/*
 * Winograd's minimal filtering F(m×m, 3×3): an output tile of m×m pixels from an input tile of
 * α×α (α = m + 2) as Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A, with α² multiplications instead of 9m².
 * F(2×2) interpolates at 0, ±1 and ∞ (Lavin and Gray). F(4×4) at 0, ±1, 2, −1/2 and ∞ rather
 * than the usual 0, ±1, ±2: Barabasz et al. ("Error analysis and improving the accuracy of
 * Winograd convolution", 2020) show its float error is a few times smaller, which is what keeps
 * F(4×4) inside float32's tolerance on ResNet's channel counts (test/winograd-precision.test.ts).
 *
 * The 1-D transforms are written once, generic over the arithmetic, so the same factored
 * formulas emit the wasm code, count its operations (the dispatch rule) and are checked
 * against the matrices below in double (test/winograd-transforms.test.ts).
 */

/** Output tile sizes: F(2×2, 3×3) and F(4×4, 3×3). */
export type WinogradTile = 2 | 4;

/** The input tile's side, m + 2. */
export const alpha = (m: WinogradTile): number => m + 2;

/** What a transform needs of its values: exact for vectors, doubles or op counters alike. */
export interface Arith<T> {
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  /** a·k for a constant k. */
  scale(a: T, k: number): T;
}

/** Bᵀ applied to one line of an input tile: α values in, α out. */
export function inputTransform<T>(m: WinogradTile, d: readonly T[], o: Arith<T>): T[] {
  if (m === 2) {
    const [d0, d1, d2, d3] = d as [T, T, T, T];
    return [o.sub(d0, d2), o.add(d1, d2), o.sub(d2, d1), o.sub(d1, d3)];
  }
  const [d0, d1, d2, d3, d4, d5] = d as [T, T, T, T, T, T];
  const e = o.sub(d4, d2);
  const f = o.sub(d1, d3);
  const p = o.sub(e, o.scale(d3, 1.5));
  const q = o.add(f, o.scale(d2, 1.5));
  return [
    o.add(o.add(o.sub(d0, d2), e), o.scale(f, 1.5)),
    o.sub(p, q),
    o.add(p, q),
    o.sub(e, o.scale(f, 0.5)),
    o.add(e, o.scale(f, 2)),
    o.sub(o.add(f, o.sub(d5, d3)), o.scale(e, 1.5)),
  ];
}

/** Aᵀ applied to one line of a transformed tile: α values in, m out. */
export function outputTransform<T>(m: WinogradTile, s: readonly T[], o: Arith<T>): T[] {
  if (m === 2) {
    const [s0, s1, s2, s3] = s as [T, T, T, T];
    return [o.add(o.add(s0, s1), s2), o.sub(o.sub(s1, s2), s3)];
  }
  const [s0, s1, s2, s3, s4, s5] = s as [T, T, T, T, T, T];
  const a = o.add(s1, s2);
  const b = o.sub(s1, s2);
  return [
    o.add(o.add(o.add(s0, a), s3), s4),
    o.sub(o.add(b, o.scale(s3, 2)), o.scale(s4, 0.5)),
    o.add(o.add(a, o.scale(s3, 4)), o.scale(s4, 0.25)),
    o.add(o.sub(o.add(b, o.scale(s3, 8)), o.scale(s4, 0.125)), s5),
  ];
}

/**
 * A applied to one line of an output gradient's tile: m values in, α out. The weight gradient
 * is Gᵀ[(A dY Aᵀ) ⊙ (Bᵀ d B)]G summed over tiles, the transpose of the forward algorithm.
 */
export function gradientTransform<T>(m: WinogradTile, y: readonly T[], o: Arith<T>): T[] {
  if (m === 2) {
    const [y0, y1] = y as [T, T];
    return [y0, o.add(y0, y1), o.sub(y0, y1), o.scale(y1, -1)];
  }
  const [y0, y1, y2, y3] = y as [T, T, T, T];
  const even = o.add(y0, y2);
  const odd = o.add(y1, y3);
  return [
    y0,
    o.add(even, odd),
    o.sub(even, odd),
    o.add(o.add(y0, o.scale(y1, 2)), o.add(o.scale(y2, 4), o.scale(y3, 8))),
    o.sub(o.add(y0, o.scale(y2, 0.25)), o.add(o.scale(y1, 0.5), o.scale(y3, 0.125))),
    y3,
  ];
}

/** G (α×3), the filter transform, in double: U = G g Gᵀ is computed once per call and rounded once. */
export function filterMatrix(m: WinogradTile): readonly (readonly number[])[] {
  if (m === 2)
    return [
      [1, 0, 0],
      [0.5, 0.5, 0.5],
      [0.5, -0.5, 0.5],
      [0, 0, 1],
    ];
  return [
    [1, 0, 0],
    [-1 / 3, -1 / 3, -1 / 3],
    [1 / 3, -1 / 3, 1 / 3],
    [1 / 15, 2 / 15, 4 / 15],
    [-16 / 15, 8 / 15, -4 / 15],
    [0, 0, 1],
  ];
}

/** Bᵀ (α×α) as a matrix, what `inputTransform` computes. */
export function inputMatrix(m: WinogradTile): readonly (readonly number[])[] {
  if (m === 2)
    return [
      [1, 0, -1, 0],
      [0, 1, 1, 0],
      [0, -1, 1, 0],
      [0, 1, 0, -1],
    ];
  return [
    [1, 1.5, -2, -1.5, 1, 0],
    [0, -1, -2.5, -0.5, 1, 0],
    [0, 1, 0.5, -2.5, 1, 0],
    [0, -0.5, -1, 0.5, 1, 0],
    [0, 2, -1, -2, 1, 0],
    [0, 1, 1.5, -2, -1.5, 1],
  ];
}

/** Aᵀ (m×α) as a matrix, what `outputTransform` computes. */
export function outputMatrix(m: WinogradTile): readonly (readonly number[])[] {
  if (m === 2)
    return [
      [1, 1, 1, 0],
      [0, 1, -1, -1],
    ];
  return [
    [1, 1, 1, 1, 1, 0],
    [0, 1, -1, 2, -0.5, 0],
    [0, 1, 1, 4, 0.25, 0],
    [0, 1, -1, 8, -0.125, 1],
  ];
}

/** Doubles, for the weight transform's reference and the tests. */
export const doubles: Arith<number> = { add: (a, b) => a + b, sub: (a, b) => a - b, scale: (a, k) => a * k };

/** Counts arithmetic operations (each value is the count of operations behind it). */
export function countOps(run: (o: Arith<number>, inputs: number[]) => number[], inputs: number): number {
  let ops = 0;
  const counter: Arith<number> = {
    add: () => ++ops,
    sub: () => ++ops,
    scale: () => ++ops,
  };
  run(counter, new Array<number>(inputs).fill(0));
  return ops;
}
