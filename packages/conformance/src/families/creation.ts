import { describe, expect, it } from 'vitest';
import {
  arange,
  eye,
  full,
  functional as F,
  linspace,
  memory,
  ones,
  rand,
  randn,
  repeat,
  tensor,
  tidy,
  zeros,
  type Tensor,
} from '@stride/core-tensor';
import type { Family } from '../harness/family.js';

type Make = (shape: number[]) => Tensor;
const CREATORS: [string, Make][] = [
  ['zeros', (s) => zeros(s)],
  ['ones', (s) => ones(s)],
  ['full', (s) => full(s, 3)],
  ['rand', (s) => rand(s)],
  ['randn', (s) => randn(s)],
];

/** Making tensors: from arrays, filled, random; and sizes checked where tensors are made. */
export const creation = {
  title: 'creation and sizes',
  fixtures: [],
  ops: {},
  tests: () => {
    it('creates from nested arrays and infers the shape', async () => {
      const t = tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      expect(t.shape).toEqual([2, 3]);
      expect(t.dtype).toBe('float32');
      expect(Array.from(await t.data())).toEqual([1, 2, 3, 4, 5, 6]);
      t.dispose();
    });

    it('creates int32 tensors and keeps Int32Array dtype', async () => {
      const a = tensor([1, 2, 3], [3], { dtype: 'int32' });
      const b = tensor(new Int32Array([4, 5]));
      expect(a.dtype).toBe('int32');
      expect(b.dtype).toBe('int32');
      expect(await b.data()).toBeInstanceOf(Int32Array);
      a.dispose();
      b.dispose();
    });

    it('fills zeros, ones, full, arange, linspace and eye', async () => {
      const ts = [
        zeros([2, 2]),
        ones([3]),
        full([2], 7),
        arange(5),
        arange(7, { start: 1, step: 2, dtype: 'int32' }),
        linspace(0, 1, 5),
        eye(3),
      ];
      const values = await Promise.all(ts.map(async (t) => Array.from(await t.data())));
      expect(values).toEqual([
        [0, 0, 0, 0],
        [1, 1, 1],
        [7, 7],
        [0, 1, 2, 3, 4],
        [1, 3, 5],
        [0, 0.25, 0.5, 0.75, 1],
        [1, 0, 0, 0, 1, 0, 0, 0, 1],
      ]);
      ts.forEach((t) => t.dispose());
    });

    it('draws the same random numbers for the same seed and different ones otherwise', async () => {
      const [a, b, c] = [rand([1000], { seed: 3 }), rand([1000], { seed: 3 }), rand([1000], { seed: 4 })];
      const [da, db, dc] = await Promise.all([a.data(), b.data(), c.data()]);
      expect(Array.from(da)).toEqual(Array.from(db));
      expect(Array.from(da)).not.toEqual(Array.from(dc));
      expect(Math.min(...da)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...da)).toBeLessThan(1);
      [a, b, c].forEach((t) => t.dispose());
    });

    it('draws normal numbers with mean near 0 and std near 1', async () => {
      const n = randn([20000], { seed: 11 });
      const v = Array.from(await n.data());
      const m = v.reduce((s, x) => s + x, 0) / v.length;
      const sd = Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length);
      expect(Math.abs(m)).toBeLessThan(0.03);
      expect(Math.abs(sd - 1)).toBeLessThan(0.03);
      n.dispose();
    });

    sizeTests();
  },
} satisfies Family;

/**
 * Sizes are checked where tensors are made (issue 12): a NaN, infinite, negative or fractional
 * size never reaches a backend's allocator, where it once broke the CPU heap for the rest of the
 * process, and a refused op leaves every later result right.
 */
function sizeTests(): void {
  describe('sizes are checked where tensors are made', () => {
    for (const [op, make] of CREATORS) {
      for (const bad of [NaN, Infinity, -1, 2.5]) {
        it(`${op}([${bad}, 3]) names ${op}, the dimension and its value`, () => {
          const before = memory();
          expect(() => make([bad, 3])).toThrow(
            new RegExp(`^${op}: size \\[${bad}, 3\\] has dimension 0 = ${bad} \\(expected a non-negative integer\\)`),
          );
          expect(memory()).toEqual(before);
        });
      }
      it(`${op} of 10¹² elements names the size in bytes and the backend's limit`, () => {
        expect(() => make([1e6, 1e6])).toThrow(
          new RegExp(
            `^${op}: shape \\[1000000, 1000000\\] has 1000000000000 elements, 4000000000000 bytes as float32, more than backend '.+' holds in one tensor \\(\\d+ bytes\\)`,
          ),
        );
      });
    }

    it('later tensors hold their values after every refused size', async () => {
      for (const [, make] of CREATORS) for (const bad of [NaN, Infinity, -1, 2.5]) expect(() => make([bad])).toThrow();
      const [a, b] = [full([3000], 3), full([3000], 7)];
      const sum = a.add(b);
      try {
        const [va, vb, vs] = [await a.data(), await b.data(), await sum.data()];
        expect([va[0], va[2999], vb[0], vs[0], vs[2999]]).toEqual([3, 3, 7, 10, 10]);
        expect(Number.isFinite(memory().numBytes)).toBe(true);
      } finally {
        for (const t of [a, b, sum]) t.dispose();
      }
    });

    it('ops whose output size comes from their arguments refuse one too large to hold, naming the bytes', () =>
      tidy(() => {
        const x = zeros([1, 1, 4, 4]);
        const tooLarge = (op: string) =>
          new RegExp(
            `^${op}: shape \\[[\\d, ]+\\] has \\d+ elements, \\d+ bytes as (float32|int32), more than backend '.+' holds in one tensor`,
          );
        expect(() => repeat(x, [1, 1, 1e5, 1e5])).toThrow(tooLarge('repeat'));
        expect(() => F.interpolate(x, { scaleFactor: 1e6 })).toThrow(tooLarge('interpolate'));
        expect(() => F.pad(x, [1e9, 1e9])).toThrow(tooLarge('pad'));
        expect(() => F.oneHot(tensor(Int32Array.of(1, 2)), 1e12)).toThrow(tooLarge('oneHot'));
      }));

    it('arange of 10¹² elements names arange and the bytes', () => {
      expect(() => arange(1e12)).toThrow(/^arange: shape \[1000000000000\] has 1000000000000 elements, 4000000000000 bytes as float32/);
    });

    it('arange with a NaN end names the argument', () => {
      expect(() => arange(NaN)).toThrow(/^arange: end must be a finite number but got NaN/);
    });

    it('linspace with 2.5 steps and eye of -1 name their argument', () => {
      expect(() => linspace(0, 1, 2.5)).toThrow(/^linspace: steps must be an integer ≥ 0 but got 2.5/);
      expect(() => eye(-1)).toThrow(/^eye: n must be an integer ≥ 0 but got -1/);
    });

    it('tensor() with a fractional shape names the dimension', () => {
      expect(() => tensor([1, 2], [2.5])).toThrow(/^tensor: shape \[2.5\] has dimension 0 = 2.5 \(expected a non-negative integer\)/);
    });
  });
}
