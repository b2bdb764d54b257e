import { expect } from 'vitest';
import { functional as F, zeros } from '@stride/core-tensor';
import { errorCase } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile, type Opts } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import dropoutFixtures from '../../fixtures/dropout.json' with { type: 'json' };
import dropout2dFixtures from '../../fixtures/dropout2d.json' with { type: 'json' };
import stochasticDepthFixtures from '../../fixtures/stochasticDepth.json' with { type: 'json' };
import { dropoutRules } from './dropout-rules.js';

/**
 * Inverted dropout of elements, channels (dropout2d) and samples (stochasticDepth). PyTorch's
 * fixtures cover only what is deterministic (training false, p 0, p 1): a random mask cannot
 * reproduce PyTorch's RNG stream, so the masks are checked by rule (dropout-rules.ts).
 */
export const dropout = {
  title: 'dropout',
  fixtures: [fixtureFile(dropoutFixtures), fixtureFile(dropout2dFixtures), fixtureFile(stochasticDepthFixtures)],
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
    dropout2d: {
      fixture: (t, o) => F.dropout2d(arg(t, 'x'), o as Opts<typeof F.dropout2d, 1>),
      gradcheck: [
        gradcheckCase('dropout2d with training false', (r, g) => [
          (xs) => F.dropout2d(xs, { p: 0.4, training: false }),
          [g.normal(r.shape(4))],
        ]),
        gradcheckCase('dropout2d in training with a fixed seed', (r, g) => [
          (xs) => F.dropout2d(xs, { p: 0.5, seed: 3 }),
          [g.normal(r.shape(4))],
        ]),
      ],
      errors: [
        errorCase('dropout2d with p -0.1 names p and the probability range', (own) => {
          const x = own(zeros([2, 3, 2, 2]));
          expect(() => F.dropout2d(x, { p: -0.1 })).toThrow(/^dropout2d: p must be a probability in \[0, 1\] but got -0.1/);
        }),
        errorCase('dropout2d in training of a 1-D input names input, the layout and the shape', (own) => {
          const x = own(zeros([5]));
          expect(() => F.dropout2d(x)).toThrow(
            /^dropout2d: input must have a batch and a channel dimension \[N, C, \.\.\.\] but got shape \[5\]/,
          );
        }),
      ],
    },
    stochasticDepth: {
      fixture: (t, o) => F.stochasticDepth(arg(t, 'x'), o as unknown as Opts<typeof F.stochasticDepth, 1>),
      gradcheck: [
        gradcheckCase("stochasticDepth with mode 'row' and training false", (r, g) => [
          (xs) => F.stochasticDepth(xs, { p: 0.3, mode: 'row', training: false }),
          [g.normal(r.shape(3))],
        ]),
        gradcheckCase("stochasticDepth with mode 'row' in training with a fixed seed", (r, g) => [
          (xs) => F.stochasticDepth(xs, { p: 0.5, mode: 'row', seed: 5 }),
          [g.normal(r.shape(3))],
        ]),
        gradcheckCase("stochasticDepth with mode 'batch' in training with a fixed seed", (r, g) => [
          (xs) => F.stochasticDepth(xs, { p: 0.5, mode: 'batch', seed: 2 }),
          [g.normal(r.shape(2))],
        ]),
      ],
      errors: [
        errorCase('stochasticDepth with p 1.5 names p and the probability range', (own) => {
          const x = own(zeros([2, 3]));
          expect(() => F.stochasticDepth(x, { p: 1.5, mode: 'row' })).toThrow(
            /^stochasticDepth: p must be a probability in \[0, 1\] but got 1.5/,
          );
        }),
        errorCase("stochasticDepth with mode 'col' names mode, both choices and the value", (own) => {
          const x = own(zeros([2, 3]));
          const mode = 'col' as 'row';
          expect(() => F.stochasticDepth(x, { p: 0.5, mode })).toThrow(/^stochasticDepth: mode must be 'row' or 'batch' but got 'col'/);
        }),
        errorCase("stochasticDepth with mode 'row' of a 0-d input says row needs a batch dimension", (own) => {
          const x = own(zeros([]));
          expect(() => F.stochasticDepth(x, { p: 0.5, mode: 'row' })).toThrow(
            /^stochasticDepth: mode 'row' needs a batch dimension but got a 0-d input/,
          );
        }),
      ],
    },
  },
  tests: dropoutRules,
} satisfies Family;
