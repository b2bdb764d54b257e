import { expect } from 'vitest';
import { functional as F, zeros } from '@stride/core-tensor';
import { errorCase } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile, type Opts } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import dropoutFixtures from '../../fixtures/dropout.json' with { type: 'json' };

/**
 * Inverted dropout. PyTorch's fixtures cover only what is deterministic (training false, p 0):
 * a random mask cannot reproduce PyTorch's RNG stream.
 */
export const dropout = {
  title: 'dropout',
  fixtures: [fixtureFile(dropoutFixtures)],
  ops: {
    dropout: {
      fixture: (t, o) => F.dropout(arg(t, 'x'), o as Opts<typeof F.dropout, 1>),
      gradcheck: [
        gradcheckCase('dropout with training false', (r, g) => [
          (xs) => F.dropout(xs, { p: 0.4, training: false }),
          [g.normal(r.shape(3))],
        ]),
        gradcheckCase('dropout in training with a fixed seed', (r, g) => [
          (xs) => F.dropout(xs, { p: 0.3, seed: 7 }),
          [g.normal(r.shape(2))],
        ]),
      ],
      errors: [
        errorCase('dropout with p 1.5 names p and the probability range', (own) => {
          const x = own(zeros([2]));
          expect(() => F.dropout(x, { p: 1.5 })).toThrow(/^dropout: p must be a probability in \[0, 1\] but got 1.5/);
        }),
      ],
    },
  },
} satisfies Family;
