import { expect } from 'vitest';
import { functional as F, zeros } from '@stride/core-tensor';
import { errorCase } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile, type Opts } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import maxPool1dFixtures from '../../fixtures/maxPool1d.json' with { type: 'json' };
import avgPool1dFixtures from '../../fixtures/avgPool1d.json' with { type: 'json' };
import adaptiveAvgPool1dFixtures from '../../fixtures/adaptiveAvgPool1d.json' with { type: 'json' };
import maxPool3dFixtures from '../../fixtures/maxPool3d.json' with { type: 'json' };
import avgPool3dFixtures from '../../fixtures/avgPool3d.json' with { type: 'json' };

/** Max and average pooling over one spatial dim ([N, C, L]) and over three ([N, C, D, H, W]). */
export const poolingNd = {
  title: 'pooling in 1-D and 3-D',
  fixtures: [
    fixtureFile(maxPool1dFixtures),
    fixtureFile(avgPool1dFixtures),
    fixtureFile(adaptiveAvgPool1dFixtures),
    fixtureFile(maxPool3dFixtures),
    fixtureFile(avgPool3dFixtures),
  ],
  ops: {
    maxPool1d: {
      fixture: (t, o) => F.maxPool1d(arg(t, 'x'), o as unknown as Opts<typeof F.maxPool1d, 1>),
      gradcheck: [
        gradcheckCase('maxPool1d with stride, padding, dilation and ceilMode (distinct values)', (r, g) => {
          const x = g.distinct([r.int(1, 2), 2, r.int(7, 11)]);
          const opts = { kernelSize: 3, stride: 2, padding: 1, dilation: r.int(1, 2), ceilMode: true };
          return [(a) => F.maxPool1d(a, opts), [x]];
        }),
      ],
      errors: [
        errorCase('maxPool1d of a 4-D input names the 1-D layout', (own) => {
          const x = own(zeros([1, 1, 4, 4]));
          expect(() => F.maxPool1d(x, { kernelSize: 2 })).toThrow(
            /^maxPool1d: input must be 3-D \[N, C, L\] \(or 2-D unbatched\) but got shape \[1, 1, 4, 4\]/,
          );
        }),
        errorCase('maxPool1d kernel larger than the input names the sizes', (own) => {
          const x = own(zeros([1, 2, 3]));
          expect(() => F.maxPool1d(x, { kernelSize: 4 })).toThrow(
            /^maxPool1d: kernel size \[4\] with dilation \[1\] is larger than the padded input \[3\] \+ padding \[0\] \(output size would be 0 in spatial dim 0\)/,
          );
        }),
      ],
    },

    avgPool1d: {
      fixture: (t, o) => F.avgPool1d(arg(t, 'x'), o as unknown as Opts<typeof F.avgPool1d, 1>),
      gradcheck: [
        gradcheckCase('avgPool1d with padding, ceilMode and countIncludePad false', (r, g) => {
          const x = g.normal([r.int(1, 2), 2, r.int(6, 10)]);
          return [(a) => F.avgPool1d(a, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false }), [x]];
        }),
      ],
      errors: [
        errorCase('avgPool1d padding over half the kernel names the bound', (own) => {
          const x = own(zeros([1, 2, 8]));
          expect(() => F.avgPool1d(x, { kernelSize: 2, padding: 2 })).toThrow(
            /^avgPool1d: padding 2 in spatial dim 0 must be at most half the kernel size 2 \(expected ≤ 1\)/,
          );
        }),
      ],
    },

    adaptiveAvgPool1d: {
      fixture: (t, o) => F.adaptiveAvgPool1d(arg(t, 'x'), o.outputSize as number),
      gradcheck: [
        gradcheckCase('adaptiveAvgPool1d to a size that does not divide the input', (r, g) => {
          const x = g.normal([r.int(1, 2), 2, r.int(5, 9)]);
          return [(a) => F.adaptiveAvgPool1d(a, 3), [x]];
        }),
      ],
      errors: [
        errorCase('adaptiveAvgPool1d of a 4-D input names the 1-D layout', (own) => {
          const x = own(zeros([1, 1, 4, 4]));
          expect(() => F.adaptiveAvgPool1d(x, 2)).toThrow(
            /^adaptiveAvgPool1d: input must be 3-D \[N, C, L\] \(or 2-D unbatched\) but got shape \[1, 1, 4, 4\]/,
          );
        }),
        errorCase('adaptiveAvgPool1d to size 0 names outputSize', (own) => {
          const x = own(zeros([1, 1, 4]));
          expect(() => F.adaptiveAvgPool1d(x, 0)).toThrow(/^adaptiveAvgPool1d: outputSize must be positive integers but got 0/);
        }),
      ],
    },

    maxPool3d: {
      fixture: (t, o) => F.maxPool3d(arg(t, 'x'), o as unknown as Opts<typeof F.maxPool3d, 1>),
      gradcheck: [
        gradcheckCase('maxPool3d with stride, padding and dilation (distinct values)', (r, g) => {
          const x = g.distinct([1, 2, r.int(4, 5), r.int(3, 5), r.int(4, 6)]);
          return [(a) => F.maxPool3d(a, { kernelSize: [2, 3, 2], stride: [1, 2, 2], padding: [1, 1, 0], dilation: [2, 1, 1] }), [x]];
        }),
        gradcheckCase('maxPool3d with ceilMode (distinct values)', (r, g) => {
          const x = g.distinct([2, 1, r.int(3, 5), 5, r.int(4, 5)]);
          return [(a) => F.maxPool3d(a, { kernelSize: 2, stride: 2, ceilMode: true }), [x]];
        }),
      ],
      errors: [
        errorCase('maxPool3d of a 4-D batched-looking input names the 3-D layout', (own) => {
          const x = own(zeros([2, 3]));
          expect(() => F.maxPool3d(x, { kernelSize: 2 })).toThrow(
            /^maxPool3d: input must be 5-D \[N, C, D, H, W\] \(or 4-D unbatched\) but got shape \[2, 3\]/,
          );
        }),
        errorCase('maxPool3d kernel of the wrong length names kernelSize', (own) => {
          const x = own(zeros([1, 1, 4, 4, 4]));
          expect(() => F.maxPool3d(x, { kernelSize: [2, 2] })).toThrow(
            /^maxPool3d: kernelSize must be a number or 3 numbers but got \[2, 2\]/,
          );
        }),
      ],
    },

    avgPool3d: {
      fixture: (t, o) => F.avgPool3d(arg(t, 'x'), o as unknown as Opts<typeof F.avgPool3d, 1>),
      gradcheck: [
        gradcheckCase('avgPool3d with padding, ceilMode and countIncludePad false', (r, g) => {
          const x = g.normal([1, 2, r.int(3, 5), 4, r.int(4, 6)]);
          const opts = { kernelSize: [2, 3, 2], stride: 2, padding: [1, 1, 0], ceilMode: true, countIncludePad: false };
          return [(a) => F.avgPool3d(a, opts), [x]];
        }),
        gradcheckCase('avgPool3d with divisorOverride', (r, g) => {
          const x = g.normal([1, r.int(1, 2), 3, 4, r.int(3, 5)]);
          return [(a) => F.avgPool3d(a, { kernelSize: 2, stride: 1, divisorOverride: 5 }), [x]];
        }),
      ],
      errors: [
        errorCase('avgPool3d with divisorOverride 0 names it', (own) => {
          const x = own(zeros([1, 1, 4, 4, 4]));
          expect(() => F.avgPool3d(x, { kernelSize: 2, divisorOverride: 0 })).toThrow(
            /^avgPool3d: divisorOverride must be a non-zero integer but got 0/,
          );
        }),
        errorCase('avgPool3d kernel larger than the input names the dim', (own) => {
          const x = own(zeros([1, 1, 4, 2, 4]));
          expect(() => F.avgPool3d(x, { kernelSize: 3 })).toThrow(
            /^avgPool3d: kernel size \[3, 3, 3\] .*larger than the padded input \[4, 2, 4\] \+ padding \[0, 0, 0\] \(output size would be 0 in spatial dim 1\)/,
          );
        }),
      ],
    },
  },
} satisfies Family;
