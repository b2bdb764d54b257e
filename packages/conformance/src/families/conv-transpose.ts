import { expect } from 'vitest';
import { functional as F, zeros } from '@stride/core-tensor';
import { errorCase } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile, type Opts } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import convTranspose2dFixtures from '../../fixtures/convTranspose2d.json' with { type: 'json' };

/**
 * convTranspose2d: the gradient of conv2d as an op, with outputPadding to pick its size. Its
 * entry starts as convolutions.ts's do (same arguments, a random geometry per gradcheck) on
 * purpose: each op's cases stay whole beside it, to read as that op's specification.
 */
export const transposedConvolution = {
  title: 'transposed convolution',
  fixtures: [fixtureFile(convTranspose2dFixtures)],
  ops: {
    convTranspose2d: {
      fixture: (t, o) => F.convTranspose2d(arg(t, 'x'), arg(t, 'weight'), t.bias, o as Opts<typeof F.convTranspose2d, 3>),
      gradcheck: [
        gradcheckCase('convTranspose2d with stride, padding, outputPadding, groups and dilation', (r, g) => {
          const groups = r.int(1, 2);
          const [cin, coutPerGroup] = [groups * r.int(1, 2), r.int(1, 2)];
          const stride = [r.int(1, 2), 2];
          const dilation = [r.int(1, 2), 1];
          const x = g.normal([r.int(1, 2), cin, r.odd(2, 4), r.int(2, 3)]);
          const w = g.normal([cin, coutPerGroup, r.int(2, 3), 3]);
          const b = g.normal([coutPerGroup * groups]);
          const opts = {
            stride,
            padding: [r.int(0, 1), 1],
            outputPadding: [r.int(0, Math.max(stride[0]!, dilation[0]!) - 1), 1],
            groups,
            dilation,
          };
          return [(xs, ws, bs) => F.convTranspose2d(xs, ws, bs, opts), [x, w, b]];
        }),
      ],
      errors: [
        errorCase('convTranspose2d weight whose dim 0 differs from the input channels names both', (own) => {
          const x = own(zeros([1, 4, 5, 5]));
          const w = own(zeros([3, 2, 3, 3]));
          expect(() => F.convTranspose2d(x, w)).toThrow(
            /^convTranspose2d: weight has 3 input channels \(dim 0\) but input has 4 channels \(expected equal\)/,
          );
        }),
        errorCase('convTranspose2d input channels that groups does not divide names groups', (own) => {
          const x = own(zeros([1, 3, 5, 5]));
          const w = own(zeros([3, 2, 3, 3]));
          expect(() => F.convTranspose2d(x, w, null, { groups: 2 })).toThrow(
            /^convTranspose2d: input has 3 channels, which groups=2 does not divide/,
          );
        }),
        errorCase('convTranspose2d stride -1 names stride', (own) => {
          const x = own(zeros([1, 2, 3, 3]));
          const w = own(zeros([2, 1, 3, 3]));
          expect(() => F.convTranspose2d(x, w, null, { stride: -1 })).toThrow(
            /^convTranspose2d: stride must be positive integers but got -1/,
          );
        }),
        errorCase('convTranspose2d bias of the wrong length expects out/groups × groups values', (own) => {
          const x = own(zeros([1, 4, 3, 3]));
          const w = own(zeros([4, 3, 3, 3]));
          const b = own(zeros([3]));
          expect(() => F.convTranspose2d(x, w, b, { groups: 2 })).toThrow(/^convTranspose2d: bias has shape \[3\] but expected \[6\]/);
        }),
      ],
    },
  },
} satisfies Family;
