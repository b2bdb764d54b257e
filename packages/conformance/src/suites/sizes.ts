import { describe, it, expect } from 'vitest';
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
  tensor,
  tidy,
  zeros,
  type Tensor,
} from '@stride/core-tensor';

type Make = (shape: number[]) => Tensor;
const CREATORS: [string, Make][] = [
  ['zeros', (s) => zeros(s)],
  ['ones', (s) => ones(s)],
  ['full', (s) => full(s, 3)],
  ['rand', (s) => rand(s)],
  ['randn', (s) => randn(s)],
];

/**
 * Sizes are checked where tensors are made (issue 12): a NaN, infinite, negative or fractional
 * size never reaches a backend's allocator, where it once broke the CPU heap for the rest of the
 * process, and a refused op leaves every later result right.
 */
export function sizeSuite(): void {
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

    it('reshape and view refuse fractional and negative sizes', () =>
      tidyExpect(() => {
        const x = zeros([4]);
        expect(() => x.reshape([2.5, 1.6])).toThrow(
          /^reshape: shape \[2.5, 1.6\] has dimension 0 = 2.5 \(expected a non-negative integer, or -1 once\)/,
        );
        expect(() => x.view([-2, -2])).toThrow(/^view: shape \[-2, -2\] has dimension 0 = -2/);
        expect(() => x.reshape([NaN, 4])).toThrow(/^reshape: shape \[NaN, 4\] has dimension 0 = NaN/);
      }));

    it('expand refuses fractional sizes and -1 for a new leading dimension', () =>
      tidyExpect(() => {
        const x = zeros([1, 3]);
        expect(() => x.expand([2.5, 3])).toThrow(/^expand: target \[2.5, 3\] has dimension 0 = 2.5/);
        expect(() => x.expand([-1, 2, 3])).toThrow(
          /^expand: target \[-1, 2, 3\] has dimension 0 = -1 \(expected a non-negative integer \(-1 only for existing dimensions\)\)/,
        );
      }));

    it('pad refuses NaN and fractional padding', () =>
      tidyExpect(() => {
        const x = zeros([1, 1, 4, 4]);
        expect(() =>
          F.pad(x, [
            [0, 0],
            [0, 0],
            [1, NaN],
            [0, 0],
          ]),
        ).toThrow(/^pad: padding of dimension 2 is \[1,null\] \(expected a pair of non-negative integers\)/);
        expect(() =>
          F.pad(x, [
            [0, 0],
            [0, 0],
            [1, 2.5],
            [0, 0],
          ]),
        ).toThrow(/^pad: padding of dimension 2 is \[1,2.5\]/);
      }));

    it('conv2d with a weight of kernel size 0 is refused, not zeros', () =>
      tidyExpect(() => {
        const x = zeros([1, 1, 5, 5]);
        const w = zeros([4, 1, 0, 0]);
        expect(() => F.conv2d(x, w)).toThrow(
          /^conv2d: weight has kernel size \[0, 0\] \(shape \[4, 1, 0, 0\]\); expected every kernel size ≥ 1/,
        );
      }));

    it('backward into a disposed .grad says so before changing any gradient', async () => {
      const x = tensor([1, 2, 3], [3], { requiresGrad: true });
      const w = tensor([4, 5, 6], [3], { requiresGrad: true });
      try {
        tidy(() => x.mul(w).sum().backward());
        const wGrad = w.grad!;
        x.grad!.dispose();
        const loss = tidy(() => x.mul(w).sum());
        expect(() => loss.backward()).toThrow(
          /^backward: the \.grad of a leaf tensor \(shape \[3\]\) was disposed, so the new gradient cannot be accumulated into it; set it to null or call zeroGrad\(\) first/,
        );
        loss.dispose();
        expect(w.grad).toBe(wGrad);
        expect(Array.from(await wGrad.data())).toEqual([1, 2, 3]);
        x.grad = null;
      } finally {
        x.dispose();
        w.dispose();
      }
    });
  });
}

/** Runs `body` in a tidy, so the tensors it makes are freed whether its expectations pass or not. */
function tidyExpect(body: () => void): void {
  tidy(body);
}
