import { describe, expect, it } from 'vitest';
import { arange, cat, full, functional as F, memory, stack, tidy, where, zeros } from '@stride/core-tensor';
import { disposing } from '../harness/disposing.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile } from '../harness/fixtures.js';
import { gradcheckIt } from '../harness/gradcheck.js';
import padFixtures from '../../fixtures/pad.json' with { type: 'json' };
import { padErrors, padGradchecks } from './pad-cases.js';

/** Views (reshape, permute, slice, expand) that share storage, copies (cat, stack) and pad. */
export const shapeOps = {
  title: 'shape ops and views',
  fixtures: [fixtureFile(padFixtures)],
  ops: {
    pad: {
      // torch's flat list, last dim first; the cases and checks of every mode are in pad-cases.ts.
      fixture: (t, o) =>
        F.pad(arg(t, 'x'), o.pad as number[], { mode: o.mode as F.PaddingMode | undefined, value: o.value as number | undefined }),
      gradcheck: padGradchecks,
      errors: padErrors,
    },
  },
  tests: () => {
    it('reshape and permute share storage instead of copying', () => {
      const x = arange(24);
      const before = memory().numBytes;
      const v = tidy(() => x.reshape(2, 3, 4).permute(2, 0, 1).transpose(0, 1));
      expect(memory().numBytes).toBe(before);
      expect(v.shape).toEqual([2, 4, 3]);
      v.dispose();
      x.dispose();
    });

    it('reads a permuted, sliced view in logical order', async () => {
      const x = tidy(() => arange(12).reshape(3, 4));
      const v = tidy(() => x.t().slice(0, 1, 4, 2));
      expect(v.shape).toEqual([2, 3]);
      expect(Array.from(await v.data())).toEqual([1, 5, 9, 3, 7, 11]);
      v.dispose();
      x.dispose();
    });

    it('concatenates, stacks and selects with where', async () => {
      const a = tidy(() => arange(4).reshape(2, 2));
      const b = full([2, 2], 9);
      const [c, s, w] = tidy(() => [cat([a, b], 1), stack([a, b]), where(a.gt(1), a, b)]);
      expect(c!.shape).toEqual([2, 4]);
      expect(Array.from(await c!.data())).toEqual([0, 1, 9, 9, 2, 3, 9, 9]);
      expect(s!.shape).toEqual([2, 2, 2]);
      expect(Array.from(await w!.data())).toEqual([9, 9, 2, 3]);
      [a, b, c!, s!, w!].forEach((t) => t.dispose());
    });

    describe('gradients', () => {
      gradcheckIt('permute', (r, g) => [(a) => a.permute(2, 0, 1), [g.normal(r.shape(3))]]);
      gradcheckIt('transpose', (r, g) => [(a) => a.transpose(0, -1), [g.normal(r.shape(3))]]);
      gradcheckIt('slice with a step and a negative start', (r, g) => [
        (a) => a.slice(1, -4, undefined, 2),
        [g.normal([2, r.odd(5, 7), 3])],
      ]);
      gradcheckIt('slice then slice along another dim', (r, g) => [
        (a) => a.slice(0, 1, 3).slice(2, 0, 2),
        [g.normal([r.odd(3, 5), 2, r.int(3, 4)])],
      ]);
      gradcheckIt('reshape of a non-contiguous view', (r, g) => [(a) => a.transpose(0, 1).reshape(-1, 2), [g.normal([r.odd(3, 5), 2, 2])]]);
      gradcheckIt('reshape of a contiguous tensor', (r, g) => [(a) => a.reshape(3, -1), [g.normal([r.odd(3, 5), 3])]]);
      gradcheckIt('expand', (r, g) => {
        const size = r.int(2, 4);
        return [(a) => a.expand(2, -1, size, -1), [g.normal([r.odd(3, 5), 1, 2])]];
      });
      gradcheckIt('cat along dim 1', (r, g) => {
        const [m, n] = [r.odd(1, 3), r.int(2, 3)];
        return [(a, b, c) => cat([a, b, c], 1), [g.normal([m, 1, n]), g.normal([m, r.int(2, 3), n]), g.normal([m, 3, n])]];
      });
      gradcheckIt('stack along the last dim', (r, g) => {
        const shape = r.shape(2);
        return [(a, b, c) => stack([a, b, c], -1), [g.normal(shape), g.normal(shape), g.normal(shape)]];
      });
    });

    describe('bad shapes', () => {
      it('reshape to a size with a different element count names shape and both sizes', () =>
        disposing((own) => {
          const x = own(zeros([2, 3]));
          expect(() => x.reshape(4, 2)).toThrow(/^reshape: shape \[4, 2\] is invalid for input of size 6 \(shape \[2, 3\]\)/);
        }));

      it('reshape with -1 that cannot divide the size names the shape', () =>
        disposing((own) => {
          const x = own(zeros([7]));
          expect(() => x.reshape(2, -1)).toThrow(/^reshape: shape \[2, -1\] is invalid for input of size 7/);
        }));

      it('reshape and view refuse fractional and negative sizes', () =>
        disposing((own) => {
          const x = own(zeros([4]));
          expect(() => x.reshape([2.5, 1.6])).toThrow(
            /^reshape: shape \[2.5, 1.6\] has dimension 0 = 2.5 \(expected a non-negative integer, or -1 once\)/,
          );
          expect(() => x.view([-2, -2])).toThrow(/^view: shape \[-2, -2\] has dimension 0 = -2/);
          expect(() => x.reshape([NaN, 4])).toThrow(/^reshape: shape \[NaN, 4\] has dimension 0 = NaN/);
        }));

      it('expand refuses fractional sizes and -1 for a new leading dimension', () =>
        disposing((own) => {
          const x = own(zeros([1, 3]));
          expect(() => x.expand([2.5, 3])).toThrow(/^expand: target \[2.5, 3\] has dimension 0 = 2.5/);
          expect(() => x.expand([-1, 2, 3])).toThrow(
            /^expand: target \[-1, 2, 3\] has dimension 0 = -1 \(expected a non-negative integer \(-1 only for existing dimensions\)\)/,
          );
        }));
    });
  },
} satisfies Family;
