import { expect, it } from 'vitest';
import { argsort, sort, stack, tensor, tidy, topk, zeros, type Tensor, type ValuesAndIndices } from '@stride/core-tensor';
import { disposing } from '../harness/disposing.js';
import { disposedInputCase, errorCase } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile, type Opts } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import sortingFixtures from '../../fixtures/sorting.json' with { type: 'json' };

/** sort, argsort and topk on their own kernels: int32 indices, NaN above every number, stable. */
export const sorting = {
  title: 'sorting',
  fixtures: [fixtureFile(sortingFixtures)],
  ops: {
    sort: {
      fixture: (t, o) => valuesAndIndices(sort(arg(t, 'x'), o as Opts<typeof sort, 1>)),
      gradcheck: [
        gradcheckCase('sort along a random dim, both directions (distinct values)', (r, g) => {
          const dim = r.int(-3, 2);
          const descending = r.next() < 0.5;
          return [(x) => sort(x, { dim, descending }).values, [g.distinct(r.shape(3))]];
        }),
      ],
      errors: [
        disposedInputCase('sort', (x) => sort(x)),
        errorCase('sort along dim 2 of a 2-D input names dim and the range', (own) => {
          const x = own(zeros([2, 3]));
          expect(() => sort(x, { dim: 2 })).toThrow(/^sort: dim is 2 but must be an integer in \[-2, 1\] for a tensor of rank 2/);
        }),
      ],
    },
    argsort: {
      fixture: (t, o) => argsort(arg(t, 'x'), o as Opts<typeof argsort, 1>),
      gradcheck: [
        // argsort is not differentiable; what flows is through the values it picks out.
        gradcheckCase('values taken by argsort with gather (distinct values)', (r, g) => [
          (x) => x.gather(0, argsort(x, { dim: 0, descending: true })),
          [g.distinct(r.shape(2))],
        ]),
      ],
      errors: [disposedInputCase('argsort', (x) => argsort(x))],
    },
    topk: {
      fixture: (t, o) => valuesAndIndices(topk(arg(t, 'x'), o.k as number, o as Opts<typeof topk, 2>)),
      gradcheck: [
        gradcheckCase('topk largest and smallest along a random dim (distinct values)', (r, g) => {
          const shape = r.shape(3);
          const dim = r.int(0, 2);
          const k = r.int(0, shape[dim]!);
          const largest = r.next() < 0.5;
          return [(x) => topk(x, k, { dim, largest }).values, [g.distinct(shape)]];
        }),
      ],
      errors: [
        disposedInputCase('topk', (x) => topk(x, 1)),
        errorCase('topk with k above the size names k, the dim and its size', (own) => {
          const x = own(zeros([2, 3]));
          expect(() => topk(x, 4)).toThrow(/^topk: k is 4 but dimension -1 of input has size 3 \(expected an integer 0 ≤ k ≤ 3\)/);
        }),
        errorCase('topk with a negative or fractional k names k', (own) => {
          const x = own(zeros([5]));
          expect(() => topk(x, -1)).toThrow(/^topk: k is -1 but dimension -1 of input has size 5/);
          expect(() => topk(x, 1.5, { dim: 0 })).toThrow(/^topk: k is 1.5 but dimension 0 of input has size 5/);
        }),
      ],
    },
  },
  tests: () => {
    it('sorts NaN above every number: last ascending, first descending, and largest for topk', () =>
      disposing(async (own) => {
        const x = own(tensor([3, Number.NaN, -Infinity, 1, Number.NaN, Infinity]));
        const [up, down, top] = tidy(() => [sort(x), sort(x, { descending: true }), topk(x, 2)]);
        for (const r of [up!, down!, top!]) [r.values, r.indices].forEach(own);
        expect(Array.from(await up!.values.data())).toEqual([-Infinity, 1, 3, Infinity, Number.NaN, Number.NaN]);
        expect(Array.from(await up!.indices.data())).toEqual([2, 3, 0, 5, 1, 4]);
        expect(Array.from(await down!.values.data())).toEqual([Number.NaN, Number.NaN, Infinity, 3, 1, -Infinity]);
        expect(Array.from(await down!.indices.data())).toEqual([1, 4, 5, 0, 3, 2]);
        expect(Array.from(await top!.indices.data())).toEqual([1, 4]);
      }));

    it('sorts NaN above every number on lines longer than a workgroup too', () =>
      disposing(async (own) => {
        const n = 1500;
        const values = Array.from({ length: n }, (_, i) => (i % 7 === 3 ? Number.NaN : ((i * 37) % 101) - 50 + (i % 2) / 4));
        const x = own(tensor(values, [1, n]));
        const { values: sorted, indices } = sort(x, { descending: true });
        own(sorted);
        own(indices);
        const rank = (v: number) => (Number.isNaN(v) ? Infinity : v);
        const order = values.map((v, i) => [v, i] as const).sort((a, b) => rank(b[0]) - rank(a[0]) || a[1] - b[1]);
        expect(Array.from(await indices.data())).toEqual(order.map(([, i]) => i));
        expect(Array.from(await sorted.data())).toEqual(order.map(([v]) => v));
      }));

    it('is stable: equal values keep their order in both directions, on long lines too', () =>
      disposing(async (own) => {
        // 70 values in 5 groups: rows longer than 64 exercise every path of a sorting kernel.
        const values = Array.from({ length: 70 }, (_, i) => (i * 7) % 5);
        const x = own(tensor([...values, ...values.map((v) => -v)], [2, 70]));
        const [up, down] = tidy(() => [sort(x), sort(x, { descending: true })]);
        for (const r of [up!, down!]) [r.values, r.indices].forEach(own);
        const stableOrder = (row: number[], descending: boolean) =>
          row.map((v, i) => [v, i] as const).sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]) || a[1] - b[1]);
        const rows = [values, values.map((v) => -v)];
        const expected = (descending: boolean) => rows.flatMap((row) => stableOrder(row, descending));
        expect(Array.from(await up!.indices.data())).toEqual(expected(false).map(([, i]) => i));
        expect(Array.from(await up!.values.data())).toEqual(expected(false).map(([v]) => v));
        expect(Array.from(await down!.indices.data())).toEqual(expected(true).map(([, i]) => i));
      }));

    it('sorts int32 tensors and lines longer than a workgroup', () =>
      disposing(async (own) => {
        const n = 3000;
        const values = Array.from({ length: n }, (_, i) => (i * 7919) % 1013);
        const x = own(tensor(Int32Array.from(values), [1, n], { dtype: 'int32' }));
        const { values: sorted, indices } = sort(x, { descending: true });
        own(sorted);
        own(indices);
        const order = values.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
        expect(sorted.dtype).toBe('int32');
        expect(Array.from(await sorted.data())).toEqual(order.map(([v]) => v));
        expect(Array.from(await indices.data())).toEqual(order.map(([, i]) => i));
      }));

    it('the Tensor methods are the functions', () =>
      disposing(async (own) => {
        const x = own(tensor([4, 1, 3, 2, 6, 5], [2, 3]));
        const pairs = tidy(() => [
          [valuesAndIndices(x.sort({ dim: 0 })), valuesAndIndices(sort(x, { dim: 0 }))],
          [x.argsort({ descending: true }), argsort(x, { descending: true })],
          [valuesAndIndices(x.topk(2, { largest: false })), valuesAndIndices(topk(x, 2, { largest: false }))],
        ]);
        for (const [method, fn] of pairs) {
          expect(Array.from(await own(method!).data())).toEqual(Array.from(await own(fn!).data()));
        }
      }));
  },
} satisfies Family;

/** Both results in one tensor, as the fixtures store them: the values, then the indices as values. */
function valuesAndIndices({ values, indices }: ValuesAndIndices): Tensor {
  return stack([values, indices.float()]);
}
