import { expect, it } from 'vitest';
import { tensor, tidy, zeros } from '@stride/core-tensor';
import { errorCase } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import tensorOpsFixtures from '../../fixtures/tensorOps.json' with { type: 'json' };

/** sum, mean and max over all elements or some dims, with keepdim; argmax and var beside them. */
export const reductions = {
  title: 'reductions',
  fixtures: [fixtureFile(tensorOpsFixtures)],
  ops: {
    sum: {
      fixture: (t, o) => (o.dim === undefined ? arg(t, 'x').sum() : arg(t, 'x').sum(o.dim as number, o.keepdim as boolean | undefined)),
      gradcheck: [
        gradcheckCase('sum over two dims', (r, g) => [(a) => a.sum([0, 2]), [g.normal(r.shape(3))]]),
        gradcheckCase('sum over one dim with keepdim', (r, g) => [(a) => a.sum(-1, true), [g.normal(r.shape(3))]]),
        gradcheckCase('sum over everything', (r, g) => [(a) => a.sum(), [g.normal(r.shape(2))]]),
      ],
      errors: [
        errorCase('sum over dim 2 of a 2-D tensor names dim and the valid range', (own) => {
          const x = own(zeros([2, 3]));
          expect(() => x.sum(2)).toThrow(/^sum: dim is 2 but must be an integer in \[-2, 1\] for a tensor of rank 2/);
        }),
        errorCase('sum over dims [0, -2] names the repeated dimension', (own) => {
          const x = own(zeros([2, 3]));
          expect(() => x.sum([0, -2])).toThrow(/^sum: dim \[0,-2\] repeats a dimension/);
        }),
      ],
    },
    mean: {
      fixture: (t, o) => (o.dim === undefined ? arg(t, 'x').mean() : arg(t, 'x').mean(o.dim as number, o.keepdim as boolean | undefined)),
      gradcheck: [
        gradcheckCase('mean over two dims with keepdim', (r, g) => [(a) => a.mean([1, 2], true), [g.normal(r.shape(3))]]),
        gradcheckCase('mean over everything', (r, g) => [(a) => a.mean(), [g.normal(r.shape(2))]]),
      ],
      errors: [
        errorCase('mean of an int32 tensor names mean, the dtype and the cast to make', (own) => {
          const x = own(zeros([2], { dtype: 'int32' }));
          expect(() => x.mean()).toThrow(/^mean: input must be floating point but got int32; cast with \.float\(\) first/);
        }),
      ],
    },
    max: {
      fixture: (t, o) => (o.dim === undefined ? arg(t, 'x').max() : arg(t, 'x').max(o.dim as number)),
      gradcheck: [
        gradcheckCase('max along a dim (distinct values)', (r, g) => {
          const dim = r.int(0, 2);
          return [(a) => a.max(dim), [g.distinct(r.shape(3))]];
        }),
        gradcheckCase('max along a dim with keepdim (distinct values)', (r, g) => [(a) => a.max(-1, true), [g.distinct(r.shape(2))]]),
        gradcheckCase('max over everything (distinct values)', (r, g) => [(a) => a.max(), [g.distinct(r.shape(3))]]),
      ],
      errors: [
        errorCase('max of an empty tensor names max and the shape', (own) => {
          const x = own(zeros([0]));
          expect(() => x.max()).toThrow(/^max: input is empty \(shape \[0\]\); the max of no elements is undefined/);
        }),
        errorCase('max along dim 3 of a 1-D tensor names dim and the valid range', (own) => {
          const x = own(zeros([2]));
          expect(() => x.max(3)).toThrow(/^max: dim is 3 but must be an integer in \[-1, 0\] for a tensor of rank 1/);
        }),
      ],
    },
  },
  tests: () => {
    it('reduces with sum, mean, max, argmax over dims and keepdim', async () => {
      const x = tensor([
        [1, 5, 2],
        [7, 0, 7],
      ]);
      const [s, m, mx, am, k] = tidy(() => [x.sum(), x.mean(1), x.max(1), x.argmax(1), x.sum(0, true)]);
      expect(Array.from(await s!.data())).toEqual([22]);
      expect(s!.shape).toEqual([]);
      expect(Array.from(await m!.data()).map((v) => +v.toFixed(5))).toEqual([2.66667, 4.66667]);
      expect(Array.from(await mx!.data())).toEqual([5, 7]);
      expect(Array.from(await am!.data())).toEqual([1, 0]);
      expect(k!.shape).toEqual([1, 3]);
      [x, s!, m!, mx!, am!, k!].forEach((t) => t.dispose());
    });

    it('gives the variance with Bessel correction like torch.var', async () => {
      const x = tensor([1, 2, 3, 4]);
      const v = x.var();
      expect((await v.data())[0]).toBeCloseTo(1.6666666, 5);
      v.dispose();
      x.dispose();
    });
  },
} satisfies Family;
