import { expect } from 'vitest';
import { functional as F, zeros } from '@stride/core-tensor';
import { currentBackendPattern, errorCase, otherBackend } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile, type Opts } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
// Static JSON imports rather than fs, so the suite also runs from a browser bundle, Bun and Deno.
import conv1dFixtures from '../../fixtures/conv1d.json' with { type: 'json' };
import conv2dFixtures from '../../fixtures/conv2d.json' with { type: 'json' };
import conv3dFixtures from '../../fixtures/conv3d.json' with { type: 'json' };

/** conv1d, conv2d and conv3d: one geometry rule (stride, padding incl. 'same', dilation, groups). */
export const convolutions = {
  title: 'convolutions',
  fixtures: [fixtureFile(conv1dFixtures), fixtureFile(conv2dFixtures), fixtureFile(conv3dFixtures)],
  ops: {
    conv1d: {
      fixture: (t, o) => F.conv1d(arg(t, 'x'), arg(t, 'weight'), t.bias, o as Opts<typeof F.conv1d, 3>),
      gradcheck: [
        gradcheckCase('conv1d with stride, padding, dilation, groups and bias', (r, g) => {
          const groups = r.int(1, 2);
          const [c, o, k, d, p] = [groups * r.int(1, 2), groups * r.int(1, 2), r.int(1, 3), r.int(1, 2), r.int(0, 1)];
          const x = g.normal([r.int(1, 2), c, r.odd(d * (k - 1) + 1, d * (k - 1) + 5)]);
          const w = g.normal([o, c / groups, k]);
          const b = g.normal([o]);
          const opts = { stride: r.int(1, 2), padding: p, dilation: d, groups };
          return [(xs, ws, bs) => F.conv1d(xs, ws, bs, opts), [x, w, b]];
        }),
        // An even kernel pads asymmetrically: PyTorch puts the extra pixel after.
        gradcheckCase("conv1d with padding 'same', an even kernel and dilation", (r, g) => {
          const x = g.normal([1, 2, r.odd(5, 7)]);
          const w = g.normal([3, 2, 4]);
          return [(xs, ws) => F.conv1d(xs, ws, null, { padding: 'same', dilation: 3 }), [x, w]];
        }),
      ],
      errors: [
        errorCase('conv1d weight with the wrong input channels per group names the expected count', (own) => {
          const x = own(zeros([1, 4, 7]));
          const w = own(zeros([2, 3, 3]));
          expect(() => F.conv1d(x, w, null, { groups: 2 })).toThrow(
            /^conv1d: weight has 3 input channels per group but input has 4 channels and groups=2 \(expected 2\)/,
          );
        }),
        errorCase('conv1d stride [0] names stride', (own) => {
          const x = own(zeros([1, 1, 5]));
          const w = own(zeros([1, 1, 3]));
          expect(() => F.conv1d(x, w, null, { stride: [0] })).toThrow(/^conv1d: stride must be positive integers but got \[0\]/);
        }),
      ],
    },

    conv2d: {
      fixture: (t, o) => F.conv2d(arg(t, 'x'), arg(t, 'weight'), t.bias, o as Opts<typeof F.conv2d, 3>),
      gradcheck: [
        gradcheckCase('conv2d with per-dim stride, padding and dilation, groups and bias', (r, g) => {
          const groups = r.int(1, 2);
          const [c, o] = [groups * r.int(1, 2), groups * r.int(1, 2)];
          const k = [r.int(1, 3), r.int(2, 3)];
          const d = [r.int(1, 2), 1];
          const x = g.normal([1, c, r.odd(d[0]! * (k[0]! - 1) + 1, 7), r.int(k[1]!, 6)]);
          const w = g.normal([o, c / groups, k[0]!, k[1]!]);
          const b = g.normal([o]);
          const opts = { stride: [r.int(1, 2), r.int(1, 3)], padding: [r.int(0, 1), 1], dilation: d, groups };
          return [(xs, ws, bs) => F.conv2d(xs, ws, bs, opts), [x, w, b]];
        }),
        gradcheckCase('conv2d depthwise (groups = channels, channel multiplier 2) with stride 2', (r, g) => {
          const c = r.int(2, 3);
          const x = g.normal([2, c, r.odd(3, 7), r.int(3, 6)]);
          const w = g.normal([2 * c, 1, 3, 3]);
          const b = g.normal([2 * c]);
          return [(xs, ws, bs) => F.conv2d(xs, ws, bs, { stride: 2, padding: 1, groups: c }), [x, w, b]];
        }),
        gradcheckCase("conv2d with padding 'same', an even kernel and dilation", (r, g) => {
          const x = g.normal([1, 2, r.odd(3, 7), r.int(4, 6)]);
          const w = g.normal([2, 2, 2, 3]);
          return [(xs, ws) => F.conv2d(xs, ws, null, { padding: 'same', dilation: [1, 2] }), [x, w]];
        }),
      ],
      errors: [
        errorCase('conv2d weight with the wrong input channels per group names the expected count', (own) => {
          const x = own(zeros([1, 4, 5, 5]));
          const w = own(zeros([2, 3, 3, 3]));
          expect(() => F.conv2d(x, w, null, { groups: 2 })).toThrow(
            /^conv2d: weight has 3 input channels per group but input has 4 channels and groups=2 \(expected 2\)/,
          );
        }),
        errorCase('conv2d weight with the wrong input channels and no groups names the expected count', (own) => {
          const x = own(zeros([1, 3, 5, 5]));
          const w = own(zeros([2, 4, 3, 3]));
          expect(() => F.conv2d(x, w)).toThrow(
            /^conv2d: weight has 4 input channels per group but input has 3 channels and groups=1 \(expected 3\)/,
          );
        }),
        errorCase('conv2d input channels that groups does not divide names groups', (own) => {
          const x = own(zeros([1, 3, 5, 5]));
          const w = own(zeros([4, 1, 3, 3]));
          expect(() => F.conv2d(x, w, null, { groups: 2 })).toThrow(/^conv2d: input has 3 channels, which groups=2 does not divide/);
        }),
        errorCase('conv2d output channels that groups does not divide names the weight', (own) => {
          const x = own(zeros([1, 4, 5, 5]));
          const w = own(zeros([3, 2, 3, 3]));
          expect(() => F.conv2d(x, w, null, { groups: 2 })).toThrow(
            /^conv2d: weight has 3 output channels, which groups=2 does not divide/,
          );
        }),
        errorCase('conv2d kernel larger than the padded input names kernel, span and padded size', (own) => {
          const x = own(zeros([1, 1, 4, 4]));
          const w = own(zeros([1, 1, 5, 5]));
          expect(() => F.conv2d(x, w)).toThrow(
            /^conv2d: kernel size \[5, 5\] with dilation \[1, 1\] spans 5 in spatial dim 0 but the padded input is only 4 \(input \[4, 4\] plus padding\); expected kernel ≤ padded input/,
          );
        }),
        errorCase('conv2d dilated kernel larger than the padded input counts the dilation', (own) => {
          const x = own(zeros([1, 1, 6, 9]));
          const w = own(zeros([1, 1, 3, 3]));
          expect(() => F.conv2d(x, w, null, { dilation: [1, 5], padding: [1, 0] })).toThrow(
            /^conv2d: kernel size \[3, 3\] with dilation \[1, 5\] spans 11 in spatial dim 1 but the padded input is only 9 \(input \[6, 9\] plus padding\)/,
          );
        }),
        ...[0, -1].map((stride) =>
          errorCase(`conv2d stride ${stride} names stride and the positive bound`, (own) => {
            const x = own(zeros([1, 1, 5, 5]));
            const w = own(zeros([1, 1, 3, 3]));
            expect(() => F.conv2d(x, w, null, { stride })).toThrow(
              new RegExp(`^conv2d: stride must be positive integers but got ${stride}`),
            );
          }),
        ),
        errorCase("conv2d padding 'same' with stride 2 names padding and the stride", (own) => {
          const x = own(zeros([1, 1, 6, 6]));
          const w = own(zeros([1, 1, 3, 3]));
          expect(() => F.conv2d(x, w, null, { padding: 'same', stride: 2 })).toThrow(
            /^conv2d: padding='same' is not supported for strided convolutions \(stride \[2, 2\]\)/,
          );
        }),
        errorCase('conv2d bias of the wrong length names bias and one value per output channel', (own) => {
          const x = own(zeros([1, 1, 5, 5]));
          const w = own(zeros([2, 1, 3, 3]));
          const b = own(zeros([3]));
          expect(() => F.conv2d(x, w, b)).toThrow(/^conv2d: bias has shape \[3\] but expected \[2\] \(one per output channel\)/);
        }),
        errorCase('conv2d bias of another dtype names bias and both dtypes, as torch refuses it', (own) => {
          const x = own(zeros([1, 1, 5, 5]));
          const w = own(zeros([2, 1, 3, 3]));
          const b = own(zeros([2], { dtype: 'int32' }));
          expect(() => F.conv2d(x, w, b)).toThrow(/^conv2d: bias must have dtype float32 but got int32; it must match the input/);
        }),
        errorCase('conv2d with a weight of kernel size 0 is refused, not zeros', (own) => {
          const x = own(zeros([1, 1, 5, 5]));
          const w = own(zeros([4, 1, 0, 0]));
          expect(() => F.conv2d(x, w)).toThrow(
            /^conv2d: weight has kernel size \[0, 0\] \(shape \[4, 1, 0, 0\]\); expected every kernel size ≥ 1/,
          );
        }),
        errorCase('conv2d with its weight on a different backend names weight and both backends', (own) => {
          const x = own(zeros([1, 1, 4, 4]));
          const w = own(zeros([1, 1, 3, 3], { backend: otherBackend() }));
          expect(() => F.conv2d(x, w)).toThrow(
            new RegExp(`^conv2d: weight is on backend 'other' but input is on backend '${currentBackendPattern()}'`),
          );
        }),
        errorCase('conv2d with a disposed weight names conv2d and weight', (own) => {
          const x = own(zeros([1, 1, 4, 4]));
          const w = zeros([1, 1, 3, 3]);
          w.dispose();
          expect(() => F.conv2d(x, w)).toThrow(/^conv2d: weight was disposed \(shape \[1, 1, 3, 3\], float32\)/);
        }),
      ],
    },

    conv3d: {
      fixture: (t, o) => F.conv3d(arg(t, 'x'), arg(t, 'weight'), t.bias, o as Opts<typeof F.conv3d, 3>),
      gradcheck: [
        gradcheckCase('conv3d with stride, padding, dilation and groups', (r, g) => {
          const groups = r.int(1, 2);
          const x = g.normal([1, 2 * groups, r.odd(3, 5), r.int(2, 4), 3]);
          const w = g.normal([groups, 2, 2, r.int(1, 2), 2]);
          const b = g.normal([groups]);
          const opts = { stride: [1, r.int(1, 2), 2], padding: [1, 0, r.int(0, 1)], dilation: [r.int(1, 2), 1, 1], groups };
          return [(xs, ws, bs) => F.conv3d(xs, ws, bs, opts), [x, w, b]];
        }),
      ],
      errors: [
        errorCase('conv3d weight with the wrong input channels per group names the expected count', (own) => {
          const x = own(zeros([1, 6, 3, 3, 3]));
          const w = own(zeros([3, 1, 1, 1, 1]));
          expect(() => F.conv3d(x, w, null, { groups: 3 })).toThrow(
            /^conv3d: weight has 1 input channels per group but input has 6 channels and groups=3 \(expected 2\)/,
          );
        }),
      ],
    },
  },
} satisfies Family;
