import { randn, tensor, type Tensor } from '@stride/core-tensor';

/** A seeded stream of random numbers, shapes and options for one gradcheck case. */
export interface Rng {
  /** Uniform on [0, 1). */
  next(): number;
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  /** An odd integer in [lo, hi] (which must hold one). */
  odd(lo: number, hi: number): number;
  /** A shape of `rank` sizes in [1, 4], the first odd and at least 3. */
  shape(rank: number): number[];
}

/** float64 inputs for gradcheck, drawn from an `Rng`. */
export interface Inputs {
  normal(shape: number[]): Tensor;
  uniform(shape: number[], lo: number, hi: number): Tensor;
  /** Uniform on [-2, 2] but at least `margin` from every kink, where finite differences break. */
  awayFrom(shape: number[], kinks: number[], margin?: number): Tensor;
  /** A shuffled ramp spaced 0.05 apart: no ties for max to break. */
  distinct(shape: number[]): Tensor;
  /** int32 class indices in [0, classes); with `ignoreIndex`, exactly one of them is it. */
  targets(shape: number[], classes: number, opts?: { ignoreIndex?: number }): Tensor;
  /** An int32 tensor of `values` (indices a case builds itself, such as distinct ones). */
  int32(values: readonly number[], shape: number[]): Tensor;
}

/** The stream of a test named `name`: each test draws its own, the same on every run. */
export function rngFor(name: string): Rng {
  return rng(hash(name));
}

/** mulberry32: a tiny seeded PRNG, so random shapes are the same on every run. */
function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const odd = (lo: number, hi: number) => {
    const first = lo % 2 === 1 ? lo : lo + 1;
    return first + 2 * int(0, Math.floor((hi - first) / 2));
  };
  return { next, int, odd, shape: (rank) => Array.from({ length: rank }, (_, i) => (i === 0 ? odd(3, 5) : int(1, 4))) };
}

/** FNV-1a of the test name. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** float64 inputs drawn from `r`; every tensor made goes to `owned` for the test to dispose. */
export function makeInputs(r: Rng, owned: Tensor[]): Inputs {
  const own = (t: Tensor) => {
    owned.push(t);
    return t;
  };
  const size = (shape: number[]) => shape.reduce((n, d) => n * d, 1);
  const fromValues = (shape: number[], f: (i: number) => number) =>
    own(
      tensor(
        Float64Array.from({ length: size(shape) }, (_, i) => f(i)),
        shape,
        { dtype: 'float64' },
      ),
    );
  return {
    normal: (shape) => own(randn(shape, { seed: r.int(1, 2 ** 30), dtype: 'float64' })),
    uniform: (shape, lo, hi) => fromValues(shape, () => lo + (hi - lo) * r.next()),
    awayFrom: (shape, kinks, margin = 0.05) =>
      fromValues(shape, () => {
        for (;;) {
          const v = -2 + 4 * r.next();
          if (kinks.every((k) => Math.abs(v - k) >= margin)) return v;
        }
      }),
    distinct: (shape) => {
      const n = size(shape);
      const order = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = r.int(0, i);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      return fromValues(shape, (i) => (order[i]! - n / 2) * 0.05);
    },
    targets: (shape, classes, opts = {}) => {
      const n = size(shape);
      const classOf = (): number => {
        for (;;) {
          const v = r.int(0, classes - 1);
          if (v !== opts.ignoreIndex) return v;
        }
      };
      const values = Int32Array.from({ length: n }, classOf);
      if (opts.ignoreIndex !== undefined && n > 1) values[r.int(0, n - 1)] = opts.ignoreIndex;
      return own(tensor(values, shape, { dtype: 'int32' }));
    },
    int32: (values, shape) => own(tensor(Int32Array.from(values), shape, { dtype: 'int32' })),
  };
}
