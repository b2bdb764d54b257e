import { expect } from 'vitest';
import { functional as F, ones, tensor, zeros } from '@stride/core-tensor';
import { errorCase } from '../harness/errors.js';
import type { OpSpec } from '../harness/family.js';
import { arg, fixtureFile, type Opts } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import binaryCrossEntropyFixtures from '../../fixtures/binaryCrossEntropy.json' with { type: 'json' };
import binaryCrossEntropyWithLogitsFixtures from '../../fixtures/binaryCrossEntropyWithLogits.json' with { type: 'json' };

export const binaryLossFixtures = [fixtureFile(binaryCrossEntropyFixtures), fixtureFile(binaryCrossEntropyWithLogitsFixtures)];

/** Binary cross-entropy of probabilities and of logits (the losses family). */
export const binaryLosses = {
  binaryCrossEntropy: {
    fixture: (t, o) => F.binaryCrossEntropy(arg(t, 'input'), arg(t, 'target'), o as Opts<typeof F.binaryCrossEntropy, 2>),
    gradcheck: [
      gradcheckCase('binaryCrossEntropy with reduction mean, in input and target', (r, g) => {
        const shape = r.shape(2);
        return [(p, y) => F.binaryCrossEntropy(p, y), [g.uniform(shape, 0.05, 0.95), g.uniform(shape, 0, 1)]];
      }),
      gradcheckCase('binaryCrossEntropy with a broadcast weight and reduction none', (r, g) => {
        const [n, c] = [r.odd(3, 5), r.int(2, 4)];
        const [weight, target] = [g.uniform([c], 0.5, 2), g.uniform([n, c], 0, 1)];
        return [(p) => F.binaryCrossEntropy(p, target, { weight, reduction: 'none' }), [g.uniform([n, c], 0.05, 0.95)]];
      }),
    ],
    errors: [
      errorCase(
        'binaryCrossEntropy of a probability above 1 names input, the element and the range',
        (own) => {
          const [p, y] = [own(tensor([0.5, 1.5, 0.2])), own(ones([3]))];
          expect(() => F.binaryCrossEntropy(p, y)).toThrow(
            /^binaryCrossEntropy: input\[1\] is 1.5 but every input must be a probability in \[0, 1\]/,
          );
        },
        { requires: 'readSync' },
      ),
      errorCase(
        'binaryCrossEntropy of a NaN probability names the element',
        (own) => {
          const [p, y] = [own(tensor([Number.NaN])), own(ones([1]))];
          expect(() => F.binaryCrossEntropy(p, y)).toThrow(/^binaryCrossEntropy: input\[0\] is NaN but every input must be a probability/);
        },
        { requires: 'readSync' },
      ),
      errorCase('binaryCrossEntropy with a target of another shape names both shapes', (own) => {
        const [p, y] = [own(zeros([2, 3])), own(zeros([3]))];
        expect(() => F.binaryCrossEntropy(p, y)).toThrow(
          /^binaryCrossEntropy: target has shape \[3\] but expected the input's shape \[2, 3\]/,
        );
      }),
      errorCase('binaryCrossEntropy with int32 targets names target and int32', (own) => {
        const [p, y] = [own(zeros([2])), own(tensor([0, 1], [2], { dtype: 'int32' }))];
        expect(() => F.binaryCrossEntropy(p, y)).toThrow(/^binaryCrossEntropy: target must be floating point but got int32/);
      }),
      errorCase('binaryCrossEntropy with a weight that grows the input names weight and the shapes', (own) => {
        const [p, y, weight] = [own(zeros([2, 3])), own(zeros([2, 3])), own(ones([2, 1, 3]))];
        expect(() => F.binaryCrossEntropy(p, y, { weight })).toThrow(
          /^binaryCrossEntropy: weight of shape \[2, 1, 3\] broadcasts the input \[2, 3\] to \[2, 2, 3\]/,
        );
      }),
      errorCase("binaryCrossEntropy with reduction 'batchmean' names reduction and the choices", (own) => {
        const [p, y] = [own(zeros([2])), own(zeros([2]))];
        const reduction = 'batchmean' as 'mean';
        expect(() => F.binaryCrossEntropy(p, y, { reduction })).toThrow(
          /^binaryCrossEntropy: reduction must be 'mean', 'sum' or 'none' but got 'batchmean'/,
        );
      }),
    ],
  },
  binaryCrossEntropyWithLogits: {
    fixture: (t, o) =>
      F.binaryCrossEntropyWithLogits(arg(t, 'input'), arg(t, 'target'), o as Opts<typeof F.binaryCrossEntropyWithLogits, 2>),
    gradcheck: [
      gradcheckCase('binaryCrossEntropyWithLogits with reduction mean, in input and target', (r, g) => {
        const shape = r.shape(3);
        return [(z, y) => F.binaryCrossEntropyWithLogits(z, y), [g.normal(shape), g.uniform(shape, 0, 1)]];
      }),
      gradcheckCase('binaryCrossEntropyWithLogits with posWeight and weight, in input and target', (r, g) => {
        const [n, c] = [r.odd(3, 5), r.int(2, 4)];
        const [posWeight, weight] = [g.uniform([c], 0.5, 3), g.uniform([n, 1], 0.5, 2)];
        return [
          (z, y) => F.binaryCrossEntropyWithLogits(z, y, { posWeight, weight, reduction: 'sum' }),
          [g.uniform([n, c], -4, 4), g.uniform([n, c], 0, 1)],
        ];
      }),
    ],
    errors: [
      errorCase('binaryCrossEntropyWithLogits with a target of another shape names both shapes', (own) => {
        const [z, y] = [own(zeros([2, 3])), own(zeros([2, 1]))];
        expect(() => F.binaryCrossEntropyWithLogits(z, y)).toThrow(
          /^binaryCrossEntropyWithLogits: target has shape \[2, 1\] but expected the input's shape \[2, 3\]/,
        );
      }),
      errorCase('binaryCrossEntropyWithLogits with a posWeight that does not broadcast names posWeight and the sizes', (own) => {
        const [z, y, posWeight] = [own(zeros([2, 3])), own(zeros([2, 3])), own(ones([4]))];
        expect(() => F.binaryCrossEntropyWithLogits(z, y, { posWeight })).toThrow(
          /^binaryCrossEntropyWithLogits: shapes \[4\] \(posWeight\) and \[2, 3\] \(input\) do not broadcast: dimension -1 is 4 in posWeight and 3 in input/,
        );
      }),
      errorCase('binaryCrossEntropyWithLogits with int32 logits names input and int32', (own) => {
        const [z, y] = [own(tensor([0, 1], [2], { dtype: 'int32' })), own(zeros([2]))];
        expect(() => F.binaryCrossEntropyWithLogits(z, y)).toThrow(
          /^binaryCrossEntropyWithLogits: input must be floating point but got int32/,
        );
      }),
      errorCase("binaryCrossEntropyWithLogits with reduction 'avg' names reduction and the choices", (own) => {
        const [z, y] = [own(zeros([2])), own(zeros([2]))];
        const reduction = 'avg' as 'mean';
        expect(() => F.binaryCrossEntropyWithLogits(z, y, { reduction })).toThrow(
          /^binaryCrossEntropyWithLogits: reduction must be 'mean', 'sum' or 'none' but got 'avg'/,
        );
      }),
    ],
  },
} satisfies Record<string, OpSpec>;
