import { expect } from 'vitest';
import { functional as F, zeros } from '@stride/core-tensor';
import { errorCase } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import softmaxFixtures from '../../fixtures/softmax.json' with { type: 'json' };

/** softmax and logSoftmax over one dim, stable for large logits. */
export const softmax = {
  title: 'softmax and logSoftmax',
  fixtures: [fixtureFile(softmaxFixtures)],
  ops: {
    softmax: {
      fixture: (t, o) => F.softmax(arg(t, 'x'), o.dim as number),
      gradcheck: [
        gradcheckCase('softmax over a random dim', (r, g) => {
          const dim = r.int(-3, 2);
          return [(xs) => F.softmax(xs, dim), [g.normal(r.shape(3))]];
        }),
      ],
      errors: [
        errorCase('softmax over dim 3 of a 1-D tensor names dim and the valid range', (own) => {
          const x = own(zeros([2]));
          expect(() => F.softmax(x, 3)).toThrow(/^softmax: dim is 3 but must be an integer in \[-1, 0\] for a tensor of rank 1/);
        }),
      ],
    },
    logSoftmax: {
      fixture: (t, o) => F.logSoftmax(arg(t, 'x'), o.dim as number),
      gradcheck: [
        gradcheckCase('logSoftmax over a random dim', (r, g) => {
          const dim = r.int(-3, 2);
          return [(xs) => F.logSoftmax(xs, dim), [g.normal(r.shape(3))]];
        }),
      ],
      errors: [
        errorCase('logSoftmax over dim -3 of a 2-D tensor names dim and the valid range', (own) => {
          const x = own(zeros([2, 3]));
          expect(() => F.logSoftmax(x, -3)).toThrow(/^logSoftmax: dim is -3 but must be an integer in \[-2, 1\] for a tensor of rank 2/);
        }),
      ],
    },
  },
} satisfies Family;
