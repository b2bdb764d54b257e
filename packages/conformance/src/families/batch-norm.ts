import { expect } from 'vitest';
import { functional as F, ones, zeros } from '@stride/core-tensor';
import { errorCase } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile, type Opts } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import batchNormFixtures from '../../fixtures/batchNormTraining.json' with { type: 'json' };

/** Batch normalisation in training mode: per-channel batch statistics, optional affine. */
export const batchNorm = {
  title: 'batch normalisation',
  fixtures: [fixtureFile(batchNormFixtures)],
  ops: {
    batchNormTraining: {
      fixture: (t, o) => F.batchNormTraining(arg(t, 'x'), t.weight, t.bias, o as Opts<typeof F.batchNormTraining, 3>).out,
      gradcheck: [
        gradcheckCase('batchNormTraining with weight and bias on [N, C, H, W]', (r, g) => {
          const c = r.int(1, 3);
          const x = g.normal([r.int(2, 3), c, r.odd(1, 3), r.int(2, 3)]);
          return [(xs, ws, bs) => F.batchNormTraining(xs, ws, bs).out, [x, g.normal([c]), g.normal([c])]];
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
  },
} satisfies Family;
