import { expect, it } from 'vitest';
import {
  abs,
  all,
  any,
  clamp,
  cumsum,
  logsumexp,
  maskedFill,
  maximum,
  minimum,
  norm,
  sign,
  tensor,
  tidy,
  zeros,
  type ClampOptions,
  type NormOrder,
} from '@stride/core-tensor';
import { disposing } from '../harness/disposing.js';
import { disposedInputCase, errorCase } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import tensorMathFixtures from '../../fixtures/tensorMath.json' with { type: 'json' };

/** clamp, abs, sign, minimum, maximum (also as functions), cumsum, logsumexp, norm, all and any. */
export const tensorMath = {
  title: 'tensor math',
  fixtures: [fixtureFile(tensorMathFixtures)],
  ops: {
    clamp: {
      fixture: (t, o) => clamp(arg(t, 'x'), o as ClampOptions),
      gradcheck: [
        gradcheckCase('clamp with min and max (inputs away from the bounds)', (r, g) => [
          (x) => clamp(x, { min: -0.5, max: 0.8 }),
          [g.awayFrom(r.shape(3), [-0.5, 0.8])],
        ]),
      ],
      errors: [
        disposedInputCase('clamp', (x) => clamp(x, { min: 0 })),
        errorCase('clamp without min or max says one is needed', (own) => {
          const x = own(zeros([2]));
          expect(() => clamp(x, {})).toThrow(/^clamp: at least one of min or max must be given \(both are undefined\)/);
        }),
      ],
    },
    abs: {
      fixture: (t) => abs(arg(t, 'x')),
      gradcheck: [gradcheckCase('abs (inputs away from 0)', (r, g) => [(x) => abs(x), [g.awayFrom(r.shape(3), [0])]])],
      errors: [disposedInputCase('abs', (x) => abs(x))],
    },
    sign: {
      fixture: (t) => sign(arg(t, 'x')),
      gradcheck: [gradcheckCase('sign (inputs away from 0)', (r, g) => [(x) => sign(x), [g.awayFrom(r.shape(2), [0])]])],
      errors: [disposedInputCase('sign', (x) => sign(x))],
    },
    minimum: {
      fixture: (t) => minimum(arg(t, 'a'), arg(t, 'b')),
      gradcheck: [
        gradcheckCase('minimum with broadcasting (distinct values)', (r, g) => {
          const [m, n] = [r.odd(3, 5), r.int(2, 4)];
          return [(a, b) => minimum(a, b), [g.distinct([m, n]), g.uniform([n], 0.01, 0.04)]];
        }),
      ],
      errors: [
        errorCase('minimum of [2, 3] and [2] names minimum and the clashing dimension', (own) => {
          const [a, b] = [own(zeros([2, 3])), own(zeros([2]))];
          expect(() => minimum(a, b)).toThrow(/^minimum: shapes \[2, 3\] \(input\) and \[2\] \(other\) do not broadcast/);
        }),
      ],
    },
    maximum: {
      fixture: (t) => maximum(arg(t, 'a'), arg(t, 'b')),
      gradcheck: [
        gradcheckCase('maximum with broadcasting (distinct values)', (r, g) => {
          const [m, n] = [r.odd(3, 5), r.int(2, 4)];
          return [(a, b) => maximum(a, b), [g.uniform([m, 1], 0.01, 0.04), g.distinct([m, n])]];
        }),
      ],
      errors: [
        errorCase('maximum of [3] and [4] names maximum and the clashing dimension', (own) => {
          const [a, b] = [own(zeros([3])), own(zeros([4]))];
          expect(() => maximum(a, b)).toThrow(/^maximum: shapes \[3\] \(input\) and \[4\] \(other\) do not broadcast/);
        }),
      ],
    },
    cumsum: {
      fixture: (t, o) => cumsum(arg(t, 'x'), o.dim as number),
      gradcheck: [
        gradcheckCase('cumsum along a random dim', (r, g) => {
          const dim = r.int(-3, 2);
          return [(x) => cumsum(x, dim), [g.normal([r.odd(3, 5), r.int(5, 9), r.int(1, 3)])]];
        }),
      ],
      errors: [
        disposedInputCase('cumsum', (x) => cumsum(x, 0)),
        errorCase('cumsum along dim 1 of a 1-D tensor names dim and the range', (own) => {
          const x = own(zeros([3]));
          expect(() => cumsum(x, 1)).toThrow(/^cumsum: dim is 1 but must be an integer in \[-1, 0\] for a tensor of rank 1/);
        }),
      ],
    },
    logsumexp: {
      fixture: (t, o) => logsumexp(arg(t, 'x'), o.dim as number | number[], o.keepdim as boolean | undefined),
      gradcheck: [
        gradcheckCase('logsumexp over two dims', (r, g) => [(x) => logsumexp(x, [0, 2]), [g.normal(r.shape(3))]]),
        gradcheckCase('logsumexp over the last dim with keepdim', (r, g) => [(x) => logsumexp(x, -1, true), [g.normal(r.shape(2))]]),
      ],
      errors: [
        disposedInputCase('logsumexp', (x) => logsumexp(x, 0)),
        errorCase('logsumexp over dims [1, -1] names the repeated dim', (own) => {
          const x = own(zeros([2, 3]));
          expect(() => logsumexp(x, [1, -1])).toThrow(/^logsumexp: dim \[1,-1\] repeats a dimension/);
        }),
      ],
    },
    norm: {
      fixture: (t, o) => norm(arg(t, 'x'), { ...o, p: orderOf(o.p) }),
      gradcheck: [
        gradcheckCase('norm with the default p 2 over everything', (r, g) => [(x) => norm(x), [g.normal(r.shape(3))]]),
        gradcheckCase('norm with p 3 over a dim', (r, g) => [(x) => norm(x, { p: 3, dim: 1 }), [g.normal(r.shape(2))]]),
        gradcheckCase('norm with p 1 and p 0.5 (inputs away from 0)', (r, g) => [
          (x) => norm(x, { p: 1, dim: 0 }).add(norm(x, { p: 0.5, dim: -1, keepdim: true }).sum()),
          [g.awayFrom(r.shape(2), [0])],
        ]),
        gradcheckCase('norm with p Infinity and -Infinity (distinct values)', (r, g) => [
          (x) => norm(x, { p: Infinity, dim: 1 }).add(norm(x, { p: -Infinity, dim: 1 })),
          [g.distinct(r.shape(2))],
        ]),
      ],
      errors: [
        errorCase("norm with p 'nuc' names p and the orders it takes", (own) => {
          const x = own(zeros([2, 2]));
          expect(() => norm(x, { p: 'nuc' as NormOrder })).toThrow(/^norm: p must be a number, Infinity, -Infinity or 'fro' but got 'nuc'/);
          expect(() => norm(x, { p: Number.NaN })).toThrow(/^norm: p must be a number, Infinity, -Infinity or 'fro' but got NaN/);
        }),
        errorCase("norm with p 'fro' over 3 dims names p and dim", (own) => {
          const x = own(zeros([2, 2, 2]));
          expect(() => norm(x, { p: 'fro', dim: [0, 1, 2] })).toThrow(/^norm: p 'fro' reduces at most 2 dims but dim is \[0, 1, 2\]/);
        }),
        errorCase('norm of an int32 tensor names the dtype', (own) => {
          const x = own(zeros([3], { dtype: 'int32' }));
          expect(() => norm(x)).toThrow(/^norm: input must be floating point but got int32; cast with \.float\(\) first/);
        }),
      ],
    },
    all: {
      fixture: (t, o) => all(arg(t, 'x'), o.dim as number | undefined, o.keepdim as boolean | undefined),
      gradcheck: [
        // all is not differentiable; this checks the gradient through the mask it makes.
        gradcheckCase('values masked where a row is all positive', (r, g) => [
          (x) => maskedFill(x, all(x.gt(0), 1, true), 0),
          [g.normal(r.shape(2))],
        ]),
      ],
      errors: [
        disposedInputCase('all', (x) => all(x)),
        errorCase('all along dim 2 of a 2-D tensor names dim and the range', (own) => {
          const x = own(zeros([2, 3]));
          expect(() => all(x, 2)).toThrow(/^all: dim is 2 but must be an integer in \[-2, 1\] for a tensor of rank 2/);
        }),
      ],
    },
    any: {
      fixture: (t, o) => any(arg(t, 'x'), o.dim as number | undefined, o.keepdim as boolean | undefined),
      gradcheck: [
        gradcheckCase('values masked where a column has a negative', (r, g) => [
          (x) => maskedFill(x, any(x.lt(0), 0, true), 1),
          [g.normal(r.shape(2))],
        ]),
      ],
      errors: [
        disposedInputCase('any', (x) => any(x)),
        errorCase('any along dim -3 of a 2-D tensor names dim and the range', (own) => {
          const x = own(zeros([2, 3]));
          expect(() => any(x, -3)).toThrow(/^any: dim is -3 but must be an integer in \[-2, 1\] for a tensor of rank 2/);
        }),
      ],
    },
  },
  tests: () => {
    it('all of nothing is 1 and any of nothing is 0, as int32', () =>
      disposing(async (own) => {
        const x = own(zeros([0, 3]));
        const [a, b] = [own(all(x)), own(any(x, 0))];
        expect([a.dtype, b.dtype]).toEqual(['int32', 'int32']);
        expect(Array.from(await a.data())).toEqual([1]);
        expect(Array.from(await b.data())).toEqual([0, 0, 0]);
      }));

    it('clamp keeps NaN and logsumexp gives ±Infinity exactly', () =>
      disposing(async (own) => {
        const x = own(tensor([Number.NaN, -3, 3]));
        expect(Array.from(await own(clamp(x, { min: -1, max: 1 })).data())).toEqual([Number.NaN, -1, 1]);
        const inf = own(tensor([Infinity, 1, -Infinity, -Infinity], [2, 2]));
        expect(Array.from(await own(logsumexp(inf, 1)).data())).toEqual([Infinity, -Infinity]);
      }));

    it('comparisons with NaN follow IEEE, as torch: only ne is true', () =>
      disposing(async (own) => {
        // The default sorting kernel finds NaN with ne(x, x), so every backend must get this right.
        const a = own(tensor([Number.NaN, Number.NaN, 1]));
        const b = own(tensor([Number.NaN, 1, Number.NaN]));
        const results = tidy(() => [a.eq(b), a.ne(b), a.lt(b), a.le(b), a.gt(b), a.ge(b), a.ne(a)]);
        const read = await Promise.all(results.map(async (t) => Array.from(await own(t).data())));
        expect(read).toEqual([
          [0, 0, 0],
          [1, 1, 1],
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0],
          [1, 1, 0],
        ]);
      }));

    it('the Tensor methods are the functions', () =>
      disposing(async (own) => {
        const x = own(tensor([1, -2, 3, 0, 5, -6], [2, 3]));
        const pairs = tidy(() => [
          [x.clamp({ min: -1, max: 2 }), clamp(x, { min: -1, max: 2 })],
          [x.clamp(-1, 2), clamp(x, { min: -1, max: 2 })],
          [x.cumsum(1), cumsum(x, 1)],
          [x.logsumexp(0), logsumexp(x, 0)],
          [x.norm({ p: 1, dim: 1 }), norm(x, { p: 1, dim: 1 })],
          [x.all(1), all(x, 1)],
          [x.any(0, true), any(x, 0, true)],
        ]);
        for (const [method, fn] of pairs) {
          expect(method!.shape).toEqual(fn!.shape);
          expect(Array.from(await own(method!).data())).toEqual(Array.from(await own(fn!).data()));
        }
      }));
  },
} satisfies Family;

/** The fixtures write ±Infinity as 'inf' and '-inf' (JSON has no infinities). */
function orderOf(p: unknown): NormOrder | undefined {
  if (p === 'inf') return Infinity;
  if (p === '-inf') return -Infinity;
  return p as NormOrder | undefined;
}
