import { expect } from 'vitest';
import { functional as F, ones, zeros } from '@stride/core-tensor';
import { disposedInputCase, errorCase } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile, type Opts } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import batchNormFixtures from '../../fixtures/batchNormTraining.json' with { type: 'json' };
import channelAffineFixtures from '../../fixtures/channelAffine.json' with { type: 'json' };

/**
 * Batch normalisation in training mode (per-channel batch statistics, optional affine) and the
 * per-channel affine + ReLU pass that eval-mode batch norm, a conv's bias and their folds use.
 */
export const batchNorm = {
  title: 'batch normalisation',
  fixtures: [fixtureFile(batchNormFixtures), fixtureFile(channelAffineFixtures)],
  ops: {
    batchNormTraining: {
      fixture: (t, o) => F.batchNormTraining(arg(t, 'x'), t.weight, t.bias, o as Opts<typeof F.batchNormTraining, 3>).out,
      gradcheck: [
        gradcheckCase('batchNormTraining with weight and bias on [N, C, H, W]', (r, g) => {
          const c = r.int(1, 3);
          const x = g.normal([r.int(2, 3), c, r.odd(1, 3), r.int(2, 3)]);
          return [(xs, ws, bs) => F.batchNormTraining(xs, ws, bs).out, [x, g.normal([c]), g.normal([c])]];
        }),
        gradcheckCase('batchNormTraining with ReLU, weight and bias on [N, C, L]', (r, g) => {
          const c = r.int(1, 3);
          const x = g.normal([r.int(2, 3), c, r.int(2, 4)]);
          return [(xs, ws, bs) => F.batchNormTraining(xs, ws, bs, { relu: true }).out, [x, g.normal([c]), g.normal([c])]];
        }),
        gradcheckCase('batchNormTraining without weight and bias on [N, C]', (r, g) => {
          const x = g.normal([r.int(3, 5), r.int(1, 3)]);
          return [(xs) => F.batchNormTraining(xs, null, null, { eps: 0.01 }).out, [x]];
        }),
      ],
      errors: [
        errorCase('batchNormTraining with a weight per channel missing names weight and both counts', (own) => {
          const [x, w] = [own(zeros([2, 4, 3])), own(ones([3]))];
          expect(() => F.batchNormTraining(x, w)).toThrow(
            /^batchNormTraining: weight has 3 elements \(shape \[3\]\) but input has 4 channels/,
          );
        }),
        errorCase('batchNormTraining with a weight of another dtype names weight and both dtypes', (own) => {
          const [x, w] = [own(zeros([2, 3, 2])), own(ones([3], { dtype: 'int32' }))];
          expect(() => F.batchNormTraining(x, w)).toThrow(
            /^batchNormTraining: weight must have dtype float32 but got int32; it must match the input/,
          );
        }),
        errorCase('batchNormTraining with relu not a boolean says what it got', (own) => {
          const x = own(zeros([2, 3, 2]));
          expect(() => F.batchNormTraining(x, null, null, { relu: 1 as unknown as boolean })).toThrow(
            /^batchNormTraining: relu must be true or false but got 1/,
          );
        }),
        errorCase('batchNormTraining of one value per channel names the shape', (own) => {
          const x = own(zeros([1, 3, 1]));
          expect(() => F.batchNormTraining(x)).toThrow(
            /^batchNormTraining: expected more than 1 value per channel but input has shape \[1, 3, 1\]/,
          );
        }),
        errorCase('batchNormTraining of a 1-D input names the layout it expects', (own) => {
          const x = own(zeros([5]));
          expect(() => F.batchNormTraining(x)).toThrow(
            /^batchNormTraining: input must have at least 2 dimensions \[N, C\] or \[N, C, …\] but got shape \[5\]/,
          );
        }),
      ],
    },
    channelAffine: {
      fixture: (t, o) => F.channelAffine(arg(t, 'x'), t.scale, t.shift, o as Opts<typeof F.channelAffine, 3>),
      gradcheck: [
        gradcheckCase('channelAffine with scale and shift on [N, C, H, W]', (r, g) => {
          const c = r.int(1, 3);
          const x = g.normal([r.int(1, 3), c, r.odd(1, 3), r.int(2, 3)]);
          return [(xs, ss, bs) => F.channelAffine(xs, ss, bs), [x, g.normal([c]), g.normal([c])]];
        }),
        gradcheckCase('channelAffine with ReLU (outputs away from 0)', (r, g) => {
          const c = r.int(1, 3);
          const x = g.awayFrom([2, c, r.int(2, 4)], [0]);
          // A scale of ±1 and no shift keep each output as far from the kink as its input.
          return [(xs) => F.channelAffine(xs, null, null, { relu: true }), [x]];
        }),
      ],
      errors: [
        errorCase('channelAffine with a scale per channel missing names scale and both counts', (own) => {
          const [x, s] = [own(zeros([2, 4, 3])), own(ones([3]))];
          expect(() => F.channelAffine(x, s)).toThrow(/^channelAffine: scale has shape \[3\] but expected \[4\] \(one per input channel\)/);
        }),
        errorCase('channelAffine with a shift of another dtype names shift and both dtypes', (own) => {
          const [x, b] = [own(zeros([2, 3, 2])), own(ones([3], { dtype: 'int32' }))];
          expect(() => F.channelAffine(x, null, b)).toThrow(
            /^channelAffine: shift must have dtype float32 but got int32; it must match the input/,
          );
        }),
        errorCase('channelAffine of a 1-D input names the layout it expects', (own) => {
          const x = own(zeros([5]));
          expect(() => F.channelAffine(x, null, null, { relu: true })).toThrow(
            /^channelAffine: input must have at least 2 dimensions \[N, C, …\] but got shape \[5\]/,
          );
        }),
        errorCase('channelAffine with relu not a boolean says what it got', (own) => {
          const x = own(zeros([2, 3]));
          expect(() => F.channelAffine(x, null, null, { relu: 'yes' as unknown as boolean })).toThrow(
            /^channelAffine: relu must be true or false but got yes/,
          );
        }),
        disposedInputCase('channelAffine', (x) => F.channelAffine(x, null, null, { relu: true })),
      ],
    },
  },
} satisfies Family;
