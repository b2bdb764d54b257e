import { expect, it } from 'vitest';
import { arange, functional as F, tidy, zeros } from '@stride/core-tensor';
import { errorCase } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile, type Opts } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import interpolateFixtures from '../../fixtures/interpolate.json' with { type: 'json' };
import blurPool2dFixtures from '../../fixtures/blurPool2d.json' with { type: 'json' };

/** Interpolation and the anti-aliased blur pool: separable filters with PyTorch's index rules. */
export const resampling = {
  title: 'resampling',
  fixtures: [fixtureFile(interpolateFixtures), fixtureFile(blurPool2dFixtures)],
  ops: {
    interpolate: {
      fixture: (t, o) => F.interpolate(arg(t, 'x'), o as Opts<typeof F.interpolate, 1>),
      gradcheck: [
        gradcheckCase('interpolate nearest up and down by non-integer factors', (r, g) => {
          const x = g.normal([r.int(1, 2), 2, r.int(3, 5), r.int(4, 6)]);
          return [(a) => F.interpolate(a, { scaleFactor: [1.7, 0.6] }), [x]];
        }),
        gradcheckCase('interpolate bilinear to a size', (r, g) => {
          const x = g.normal([1, 2, r.int(3, 5), r.int(3, 6)]);
          return [(a) => F.interpolate(a, { size: [7, 4], mode: 'bilinear' }), [x]];
        }),
        gradcheckCase('interpolate bilinear with alignCorners', (r, g) => {
          const x = g.normal([1, r.int(1, 2), r.int(3, 5), 4]);
          return [(a) => F.interpolate(a, { scaleFactor: 1.5, mode: 'bilinear', alignCorners: true }), [x]];
        }),
        gradcheckCase('interpolate nearest in 1-D and 3-D', (r, g) => {
          const x = g.normal([1, 2, 3, r.int(2, 3), 4]);
          return [(a) => F.interpolate(F.interpolate(a, { size: [5, 2, 6] }).flatten(2), { scaleFactor: 0.7 }), [x]];
        }),
      ],
      errors: [
        errorCase('interpolate with an unknown mode names the modes', (own) => {
          const x = own(zeros([1, 1, 4, 4]));
          expect(() => F.interpolate(x, { size: 2, mode: 'bicubic' as 'bilinear' })).toThrow(
            /^interpolate: mode must be 'nearest' or 'bilinear' but got 'bicubic'/,
          );
        }),
        errorCase('interpolate nearest with alignCorners names the mode it needs', (own) => {
          const x = own(zeros([1, 1, 4, 4]));
          expect(() => F.interpolate(x, { size: 2, alignCorners: false })).toThrow(
            /^interpolate: alignCorners can only be set with mode 'bilinear' \(got mode 'nearest' and alignCorners false\)/,
          );
        }),
        errorCase('interpolate with both size and scaleFactor, or neither, says so', (own) => {
          const x = own(zeros([1, 1, 4, 4]));
          expect(() => F.interpolate(x, { size: 2, scaleFactor: 2 })).toThrow(/^interpolate: give only one of size and scaleFactor/);
          expect(() => F.interpolate(x, {})).toThrow(/^interpolate: size or scaleFactor is required/);
        }),
        errorCase('interpolate size of the wrong length names the spatial dims', (own) => {
          const x = own(zeros([1, 1, 4, 4]));
          expect(() => F.interpolate(x, { size: [2, 3, 4] })).toThrow(
            /^interpolate: size must be a number or 2 numbers, one per spatial dim of the input \[4, 4\], but got \[2,3,4\]/,
          );
        }),
        errorCase('interpolate to an empty output names the sizes', (own) => {
          const x = own(zeros([1, 1, 4, 5]));
          expect(() => F.interpolate(x, { scaleFactor: 0.2 })).toThrow(
            /^interpolate: input and output sizes must be positive but got input \[4, 5\] and output \[0, 1\]/,
          );
        }),
        errorCase('interpolate bilinear of a 3-D input names the 4-D layout', (own) => {
          const x = own(zeros([1, 2, 6]));
          expect(() => F.interpolate(x, { size: 3, mode: 'bilinear' })).toThrow(
            /^interpolate: mode 'bilinear' needs a 4-D input \[N, C, H, W\] but got shape \[1, 2, 6\]/,
          );
        }),
      ],
    },

    blurPool2d: {
      fixture: (t, o) => F.blurPool2d(arg(t, 'x'), o as Opts<typeof F.blurPool2d, 1>),
      gradcheck: [
        gradcheckCase('blurPool2d defaults (3 taps, stride 2, reflect)', (r, g) => {
          const x = g.normal([r.int(1, 2), 2, r.int(4, 7), r.int(4, 7)]);
          return [(a) => F.blurPool2d(a), [x]];
        }),
        gradcheckCase('blurPool2d with 4 taps, replicate padding and stride [1, 2]', (r, g) => {
          const x = g.normal([1, 2, r.int(3, 6), r.int(3, 6)]);
          return [(a) => F.blurPool2d(a, { filterSize: 4, padMode: 'replicate', stride: [1, 2] }), [x]];
        }),
        gradcheckCase('blurPool2d with 5 taps and zero padding', (r, g) => {
          const x = g.normal([1, r.int(1, 2), 5, r.int(4, 6)]);
          return [(a) => F.blurPool2d(a, { filterSize: 5, padMode: 'zero' }), [x]];
        }),
      ],
      errors: [
        errorCase('blurPool2d with a filter size outside 1…7 names the range', (own) => {
          const x = own(zeros([1, 1, 8, 8]));
          expect(() => F.blurPool2d(x, { filterSize: 8 })).toThrow(/^blurPool2d: filterSize must be an integer from 1 to 7 but got 8/);
        }),
        errorCase('blurPool2d reflect padding wider than the input names the pad and the size', (own) => {
          const x = own(zeros([1, 1, 3, 8]));
          expect(() => F.blurPool2d(x, { filterSize: 7 })).toThrow(
            /^blurPool2d: reflect padding 3 needs every spatial size above 3 but got input \[3, 8\] \(filterSize 7; expected H and W ≥ 4\)/,
          );
        }),
        errorCase('blurPool2d with an unknown padMode names the modes', (own) => {
          const x = own(zeros([1, 1, 4, 4]));
          expect(() => F.blurPool2d(x, { padMode: 'circular' as 'zero' })).toThrow(
            /^blurPool2d: padMode must be 'reflect', 'replicate' or 'zero' but got 'circular'/,
          );
        }),
      ],
    },
  },
  tests: () => {
    it("pad mode 'circular' copies int32 values exactly (the other modes need floats, as in PyTorch)", async () => {
      const x = tidy(() => arange(6, { dtype: 'int32' }).reshape(1, 2, 3));
      const y = F.pad(x, [2, 1], { mode: 'circular' });
      try {
        expect(y.dtype).toBe('int32');
        expect(Array.from(await y.data())).toEqual([1, 2, 0, 1, 2, 0, 4, 5, 3, 4, 5, 3]);
        expect(() => F.pad(x, [1, 1], { mode: 'reflect' })).toThrow(/^pad: mode 'reflect' needs a float input but got int32/);
      } finally {
        x.dispose();
        y.dispose();
      }
    });
  },
} satisfies Family;
