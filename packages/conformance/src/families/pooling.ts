import { expect } from 'vitest';
import { functional as F, zeros, type Tensor } from '@stride/core-tensor';
import { errorCase, type ErrorCase } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile, type Opts } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import maxPool2dFixtures from '../../fixtures/maxPool2d.json' with { type: 'json' };
import avgPool2dFixtures from '../../fixtures/avgPool2d.json' with { type: 'json' };
import adaptiveAvgPool2dFixtures from '../../fixtures/adaptiveAvgPool2d.json' with { type: 'json' };

/** Max, average and adaptive average pooling over the last two dims. */
export const pooling = {
  title: 'pooling',
  fixtures: [fixtureFile(maxPool2dFixtures), fixtureFile(avgPool2dFixtures), fixtureFile(adaptiveAvgPool2dFixtures)],
  ops: {
    maxPool2d: {
      fixture: (t, o) => F.maxPool2d(arg(t, 'x'), o as unknown as Opts<typeof F.maxPool2d, 1>),
      gradcheck: [
        gradcheckCase('maxPool2d with stride, padding and dilation (distinct values)', (r, g) => {
          const k = [r.int(2, 3), r.int(1, 3)];
          const d = [r.int(1, 2), 1];
          const x = g.distinct([r.int(1, 2), r.int(1, 2), r.odd(d[0]! * (k[0]! - 1) + 1, 7), r.int(k[1]!, 6)]);
          const opts = { kernelSize: k, stride: [r.int(1, 2), r.int(1, 3)], padding: [r.int(0, 1), Math.floor(k[1]! / 2)], dilation: d };
          return [(xs) => F.maxPool2d(xs, opts), [x]];
        }),
        gradcheckCase('maxPool2d with ceilMode (distinct values)', (r, g) => {
          const x = g.distinct([1, 2, r.odd(5, 7), r.int(4, 6)]);
          return [(xs) => F.maxPool2d(xs, { kernelSize: [3, 2], stride: 2, padding: [1, 0], ceilMode: true }), [x]];
        }),
        gradcheckCase('maxPool2d with returnIndices, unbatched (distinct values)', (r, g) => {
          const x = g.distinct([2, r.int(4, 6), r.int(4, 6)]);
          return [(xs) => F.maxPool2d(xs, { kernelSize: 2, stride: 1, returnIndices: true }).output, [x]];
        }),
      ],
      errors: [
        errorCase('maxPool2d kernel larger than the input names kernel size and input', (own) => {
          const x = own(zeros([1, 1, 3, 3]));
          expect(() => F.maxPool2d(x, { kernelSize: 5 })).toThrow(
            /^maxPool2d: kernel size \[5, 5\] with dilation \[1, 1\] is larger than the padded input \[3, 3\] \+ padding \[0, 0\] \(output size would be 0 in spatial dim 0\)/,
          );
        }),
        ...strideErrors('maxPool2d', F.maxPool2d),
        errorCase('maxPool2d padding over half the kernel names padding, the kernel and the bound', (own) => {
          const x = own(zeros([1, 1, 6, 6]));
          expect(() => F.maxPool2d(x, { kernelSize: 3, padding: 2 })).toThrow(
            /^maxPool2d: padding 2 in spatial dim 0 must be at most half the kernel size 3 \(expected ≤ 1\)/,
          );
        }),
      ],
    },

    avgPool2d: {
      fixture: (t, o) => F.avgPool2d(arg(t, 'x'), o as unknown as Opts<typeof F.avgPool2d, 1>),
      gradcheck: [
        gradcheckCase('avgPool2d with stride and padding (padding counted)', (r, g) => {
          const x = g.normal([r.int(1, 2), 2, r.odd(3, 7), r.int(3, 6)]);
          const opts = { kernelSize: [3, 2], stride: [r.int(1, 2), 1], padding: 1 };
          return [(xs) => F.avgPool2d(xs, opts), [x]];
        }),
        gradcheckCase('avgPool2d with ceilMode and countIncludePad false', (r, g) => {
          const x = g.normal([1, 2, r.odd(5, 7), r.int(4, 6)]);
          return [(xs) => F.avgPool2d(xs, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false }), [x]];
        }),
        gradcheckCase('avgPool2d with divisorOverride', (r, g) => {
          const x = g.normal([1, r.int(1, 3), r.odd(3, 5), r.int(4, 6)]);
          return [(xs) => F.avgPool2d(xs, { kernelSize: 2, stride: 1, divisorOverride: 3 }), [x]];
        }),
      ],
      errors: [
        errorCase('avgPool2d kernel larger than the input names kernel size and input', (own) => {
          const x = own(zeros([1, 2, 4, 6]));
          expect(() => F.avgPool2d(x, { kernelSize: [5, 2] })).toThrow(
            /^avgPool2d: kernel size \[5, 2\] .*larger than the padded input \[4, 6\] \+ padding \[0, 0\] \(output size would be 0 in spatial dim 0\)/,
          );
        }),
        ...strideErrors('avgPool2d', F.avgPool2d),
        errorCase('avgPool2d padding over half the kernel in one dim names that dim', (own) => {
          const x = own(zeros([1, 1, 6, 6]));
          expect(() => F.avgPool2d(x, { kernelSize: [4, 2], padding: [2, 2] })).toThrow(
            /^avgPool2d: padding 2 in spatial dim 1 must be at most half the kernel size 2 \(expected ≤ 1\)/,
          );
        }),
      ],
    },

    adaptiveAvgPool2d: {
      fixture: (t, o) => F.adaptiveAvgPool2d(arg(t, 'x'), o.outputSize as Opts<typeof F.adaptiveAvgPool2d, 1>),
      gradcheck: [
        gradcheckCase('adaptiveAvgPool2d to a size that does not divide the input', (r, g) => {
          const x = g.normal([r.int(1, 2), 2, r.odd(5, 7), r.int(4, 6)]);
          return [(xs) => F.adaptiveAvgPool2d(xs, [3, 2]), [x]];
        }),
        gradcheckCase('adaptiveAvgPool2d to 1 (global average)', (r, g) => {
          const x = g.normal([2, r.int(1, 3), r.odd(3, 5), r.int(2, 4)]);
          return [(xs) => F.adaptiveAvgPool2d(xs, 1), [x]];
        }),
      ],
      errors: [
        errorCase('adaptiveAvgPool2d to an output size of 0 names outputSize and the positive bound', (own) => {
          const x = own(zeros([1, 1, 4, 4]));
          expect(() => F.adaptiveAvgPool2d(x, [2, 0])).toThrow(/^adaptiveAvgPool2d: outputSize must be positive integers but got \[2, 0\]/);
        }),
        errorCase('adaptiveAvgPool2d of a 2-D input names the layouts it expects and the shape', (own) => {
          const x = own(zeros([4, 4]));
          expect(() => F.adaptiveAvgPool2d(x, 2)).toThrow(
            /^adaptiveAvgPool2d: input must be 4-D \[N, C, H, W\] \(or 3-D unbatched\) but got shape \[4, 4\]/,
          );
        }),
      ],
    },
  },
} satisfies Family;

/** Stride 0 and -1, each named with the positive bound. */
function strideErrors(op: 'maxPool2d' | 'avgPool2d', pool: (x: Tensor, o: { kernelSize: number; stride: number }) => unknown): ErrorCase[] {
  return [0, -1].map((stride) =>
    errorCase(`${op} stride ${stride} names stride and the positive bound`, (own) => {
      const x = own(zeros([1, 1, 4, 4]));
      expect(() => pool(x, { kernelSize: 2, stride })).toThrow(new RegExp(`^${op}: stride must be positive integers but got ${stride}`));
    }),
  );
}
