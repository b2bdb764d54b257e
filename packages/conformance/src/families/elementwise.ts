import { describe, expect, it } from 'vitest';
import { arange, tensor, tidy, where, zeros } from '@stride/core-tensor';
import { disposing } from '../harness/disposing.js';
import { currentBackendPattern, disposedInputCase, errorCase, otherBackend } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile } from '../harness/fixtures.js';
import { gradcheckCase, gradcheckIt } from '../harness/gradcheck.js';
import tensorOpsFixtures from '../../fixtures/tensorOps.json' with { type: 'json' };

/** Elementwise tensor methods: NumPy broadcasting, PyTorch's dtype promotion, where and clamp. */
export const elementwise = {
  title: 'elementwise tensor methods',
  fixtures: [fixtureFile(tensorOpsFixtures)],
  ops: {
    add: {
      fixture: (t) => arg(t, 'a').add(arg(t, 'b')),
      gradcheck: [
        gradcheckCase('add with broadcasting', (r, g) => {
          const [m, n] = [r.odd(3, 5), r.int(2, 4)];
          return [(a, b) => a.add(b), [g.normal([r.int(2, 3), 1, n]), g.normal([m, n])]];
        }),
      ],
      errors: [
        errorCase('add of [2, 3] and [4] names add, both shapes and the clashing sizes', (own) => {
          const a = own(zeros([2, 3]));
          const b = own(zeros([4]));
          expect(() => a.add(b)).toThrow(
            /^add: shapes \[2, 3\] \(input\) and \[4\] \(other\) do not broadcast: dimension -1 is 3 in input and 4 in other \(expected equal sizes or 1\)/,
          );
        }),
        errorCase('add with other on a different backend names both backends', (own) => {
          const a = own(zeros([2, 3]));
          const b = own(zeros([2, 3], { backend: otherBackend() }));
          expect(() => a.add(b)).toThrow(
            new RegExp(
              `^add: other is on backend 'other' but input is on backend '${currentBackendPattern()}'; move one with \\.to\\(backend\\)`,
            ),
          );
        }),
        errorCase('add with a disposed input names add, input and its shape', (own) => {
          const a = zeros([2, 3]);
          const b = own(zeros([2, 3]));
          a.dispose();
          expect(() => a.add(b)).toThrow(/^add: input was disposed \(shape \[2, 3\], float32\); a tensor cannot be used after dispose\(\)/);
        }),
      ],
    },
    sub: {
      fixture: (t) => arg(t, 'a').sub(arg(t, 'b')),
      gradcheck: [
        gradcheckCase('sub with broadcasting', (r, g) => {
          const [m, n] = [r.odd(3, 5), r.int(2, 4)];
          return [(a, b) => a.sub(b), [g.normal([m, 1]), g.normal([2, m, n])]];
        }),
      ],
      errors: [
        errorCase('sub of [2, 3] and [2] names sub and the clashing dimension', (own) => {
          const [a, b] = [own(zeros([2, 3])), own(zeros([2]))];
          expect(() => a.sub(b)).toThrow(
            /^sub: shapes \[2, 3\] \(input\) and \[2\] \(other\) do not broadcast: dimension -1 is 3 in input and 2 in other/,
          );
        }),
      ],
    },
    mul: {
      fixture: (t) => arg(t, 'a').mul(arg(t, 'b')),
      gradcheck: [
        gradcheckCase('mul with broadcasting', (r, g) => {
          const [m, n] = [r.odd(3, 5), r.int(2, 4)];
          return [(a, b) => a.mul(b), [g.normal([m, n]), g.normal([n])]];
        }),
      ],
      errors: [
        errorCase('mul of [5, 1, 3] and [2, 2] names mul and the clashing dimension', (own) => {
          const a = own(zeros([5, 1, 3]));
          const b = own(zeros([2, 2]));
          expect(() => a.mul(b)).toThrow(
            /^mul: shapes \[5, 1, 3\] \(input\) and \[2, 2\] \(other\) do not broadcast: dimension -1 is 3 in input and 2 in other/,
          );
        }),
      ],
    },
    div: {
      fixture: (t) => arg(t, 'a').div(arg(t, 'b')),
      gradcheck: [
        gradcheckCase('div with broadcasting (divisor away from 0)', (r, g) => {
          const [m, n] = [r.odd(3, 5), r.int(2, 4)];
          return [(a, b) => a.div(b), [g.normal([m, n]), g.awayFrom([m, 1], [0], 0.5)]];
        }),
      ],
      errors: [
        errorCase('div of [2, 3] and [4] names div and the clashing dimension', (own) => {
          const [a, b] = [own(zeros([2, 3])), own(zeros([4]))];
          expect(() => a.div(b)).toThrow(
            /^div: shapes \[2, 3\] \(input\) and \[4\] \(other\) do not broadcast: dimension -1 is 3 in input and 4 in other/,
          );
        }),
      ],
    },
    pow: {
      fixture: (t, o) => arg(t, 'x').pow(o.exponent as number),
      gradcheck: [
        gradcheckCase('pow with a broadcast tensor exponent (positive base)', (r, g) => {
          const [m, n] = [r.odd(3, 5), r.int(2, 4)];
          return [(a, b) => a.pow(b), [g.uniform([m, n], 0.5, 2), g.uniform([n], -2, 2)]];
        }),
        gradcheckCase('pow with a number exponent', (r, g) => [(a) => a.pow(2.5), [g.uniform(r.shape(2), 0.5, 2)]]),
      ],
      errors: [
        errorCase('pow with a [4] exponent for a [2, 3] base names pow, input and other', (own) => {
          const [base, exponent] = [own(zeros([2, 3])), own(zeros([4]))];
          expect(() => base.pow(exponent)).toThrow(/^pow: shapes \[2, 3\] \(input\) and \[4\] \(other\) do not broadcast/);
        }),
      ],
    },
    exp: {
      fixture: (t) => arg(t, 'x').exp(),
      gradcheck: [gradcheckCase('exp', (r, g) => [(a) => a.exp(), [g.normal(r.shape(3))]])],
      errors: [disposedInputCase('exp', (x) => x.exp())],
    },
    log: {
      fixture: (t) => arg(t, 'x').log(),
      gradcheck: [gradcheckCase('log (positive inputs)', (r, g) => [(a) => a.log(), [g.uniform(r.shape(3), 0.5, 3)]])],
      errors: [disposedInputCase('log', (x) => x.log())],
    },
    sqrt: {
      fixture: (t) => arg(t, 'x').sqrt(),
      gradcheck: [gradcheckCase('sqrt (positive inputs)', (r, g) => [(a) => a.sqrt(), [g.uniform(r.shape(3), 0.5, 3)]])],
      errors: [disposedInputCase('sqrt', (x) => x.sqrt())],
    },
    neg: {
      fixture: (t) => arg(t, 'x').neg(),
      gradcheck: [gradcheckCase('neg', (r, g) => [(a) => a.neg(), [g.normal(r.shape(3))]])],
      errors: [disposedInputCase('neg', (x) => x.neg())],
    },
  },
  tests: () => {
    it('broadcasts [3,1] with [1,4] to [3,4] as NumPy does', async () => {
      const out = tidy(() => arange(3).reshape(3, 1).add(arange(4).reshape(1, 4)));
      expect(out.shape).toEqual([3, 4]);
      expect(Array.from(await out.data())).toEqual([0, 1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5]);
      out.dispose();
    });

    it('promotes int32 with float32 to float32 and divides ints as floats', async () => {
      const i = tensor([1, 2, 3], [3], { dtype: 'int32' });
      const out = tidy(() => [i.add(0.5), i.div(2), i.mul(2)]);
      expect(out.map((t) => t.dtype)).toEqual(['float32', 'float32', 'int32']);
      expect(Array.from(await out[1]!.data())).toEqual([0.5, 1, 1.5]);
      out.forEach((t) => t.dispose());
      i.dispose();
    });

    describe('where', () => {
      it('where with a [2, 3] condition and a [4] input names where and condition', () =>
        disposing((own) => {
          const [cond, a] = [own(zeros([2, 3], { dtype: 'int32' })), own(zeros([4]))];
          expect(() => where(cond, a, 0)).toThrow(
            /^where: shapes \[2, 3\] \(condition\) and \[4\] \(input\) do not broadcast: dimension -1 is 3 in condition and 4 in input/,
          );
        }));
      it('where with an input and other that do not broadcast names where and other', () =>
        disposing((own) => {
          const [cond, a, b] = [own(zeros([2, 3], { dtype: 'int32' })), own(zeros([2, 3])), own(zeros([2, 2]))];
          expect(() => where(cond, a, b)).toThrow(
            /^where: shapes \[2, 3\] \(.*\) and \[2, 2\] \(other\) do not broadcast: dimension -1 is 3 in .* and 2 in other/,
          );
        }));
    });

    describe('clamp', () => {
      gradcheckIt('clamp with min and max (inputs away from the bounds)', (r, g) => [
        (a) => a.clamp(-0.5, 0.8),
        [g.awayFrom(r.shape(3), [-0.5, 0.8])],
      ]);
      gradcheckIt('clamp with only a min', (r, g) => [(a) => a.clamp(0.1), [g.awayFrom(r.shape(2), [0.1])]]);
    });
  },
} satisfies Family;
