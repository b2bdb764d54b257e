import { expect } from 'vitest';
import { functional as F, tensor, zeros } from '@stride/core-tensor';
import { errorCase } from '../harness/errors.js';
import type { OpSpec } from '../harness/family.js';
import { arg, fixtureFile, type Opts } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import smoothL1LossFixtures from '../../fixtures/smoothL1Loss.json' with { type: 'json' };
import huberLossFixtures from '../../fixtures/huberLoss.json' with { type: 'json' };

export const regressionLossFixtures = [fixtureFile(smoothL1LossFixtures), fixtureFile(huberLossFixtures)];

/**
 * Smooth L1 and Huber (the losses family). Their kinks are where input − target = ±β (±δ); the
 * gradchecks keep inputs 0.25 from them with targets within 0.1 of 0.
 */
export const regressionLosses = {
  smoothL1Loss: {
    fixture: (t, o) => F.smoothL1Loss(arg(t, 'input'), arg(t, 'target'), o as Opts<typeof F.smoothL1Loss, 2>),
    gradcheck: [
      gradcheckCase('smoothL1Loss with the default beta, in both arguments (away from ±1)', (r, g) => {
        const shape = r.shape(3);
        return [(a, b) => F.smoothL1Loss(a, b), [g.awayFrom(shape, [-1, 1], 0.25), g.uniform(shape, -0.1, 0.1)]];
      }),
      gradcheckCase('smoothL1Loss with beta 0.5, reduction sum and a broadcast target (away from ±0.5)', (r, g) => {
        const [m, n] = [r.odd(3, 5), r.int(2, 4)];
        return [
          (a, b) => F.smoothL1Loss(a, b, { beta: 0.5, reduction: 'sum' }),
          [g.awayFrom([m, n], [-0.5, 0.5], 0.25), g.uniform([n], -0.1, 0.1)],
        ];
      }),
    ],
    errors: [
      errorCase('smoothL1Loss with beta -1 names beta and the value', (own) => {
        const [a, b] = [own(zeros([2])), own(zeros([2]))];
        expect(() => F.smoothL1Loss(a, b, { beta: -1 })).toThrow(/^smoothL1Loss: beta must be non-negative but got -1/);
      }),
      errorCase('smoothL1Loss of [2, 3] and a [4] target names input, target and the clashing sizes', (own) => {
        const [a, b] = [own(zeros([2, 3])), own(zeros([4]))];
        expect(() => F.smoothL1Loss(a, b)).toThrow(/^smoothL1Loss: shapes \[2, 3\] \(input\) and \[4\] \(target\) do not broadcast/);
      }),
      errorCase('smoothL1Loss of an int32 target names both dtypes', (own) => {
        const [a, b] = [own(zeros([2])), own(tensor([1, 2], [2], { dtype: 'int32' }))];
        expect(() => F.smoothL1Loss(a, b)).toThrow(
          /^smoothL1Loss: input and target must be floating point but got float32 input and int32 target/,
        );
      }),
      errorCase("smoothL1Loss with reduction 'avg' names reduction and the choices", (own) => {
        const [a, b] = [own(zeros([2])), own(zeros([2]))];
        const reduction = 'avg' as 'mean';
        expect(() => F.smoothL1Loss(a, b, { reduction })).toThrow(/^smoothL1Loss: reduction must be 'mean', 'sum' or 'none' but got 'avg'/);
      }),
    ],
  },
  huberLoss: {
    fixture: (t, o) => F.huberLoss(arg(t, 'input'), arg(t, 'target'), o as Opts<typeof F.huberLoss, 2>),
    gradcheck: [
      gradcheckCase('huberLoss with the default delta, in both arguments (away from ±1)', (r, g) => {
        const shape = r.shape(3);
        return [(a, b) => F.huberLoss(a, b), [g.awayFrom(shape, [-1, 1], 0.25), g.uniform(shape, -0.1, 0.1)]];
      }),
      gradcheckCase('huberLoss with delta 0.5 and reduction none (away from ±0.5)', (r, g) => {
        const shape = r.shape(2);
        return [
          (a, b) => F.huberLoss(a, b, { delta: 0.5, reduction: 'none' }),
          [g.awayFrom(shape, [-0.5, 0.5], 0.25), g.uniform(shape, -0.1, 0.1)],
        ];
      }),
    ],
    errors: [
      errorCase('huberLoss with delta 0 names delta and the value', (own) => {
        const [a, b] = [own(zeros([2])), own(zeros([2]))];
        expect(() => F.huberLoss(a, b, { delta: 0 })).toThrow(/^huberLoss: delta must be positive but got 0/);
      }),
      errorCase('huberLoss of [3, 2] and a [3] target names input, target and the clashing sizes', (own) => {
        const [a, b] = [own(zeros([3, 2])), own(zeros([3]))];
        expect(() => F.huberLoss(a, b)).toThrow(/^huberLoss: shapes \[3, 2\] \(input\) and \[3\] \(target\) do not broadcast/);
      }),
      errorCase("huberLoss with reduction 'batchmean' names reduction and the choices", (own) => {
        const [a, b] = [own(zeros([2])), own(zeros([2]))];
        const reduction = 'batchmean' as 'mean';
        expect(() => F.huberLoss(a, b, { reduction })).toThrow(/^huberLoss: reduction must be 'mean', 'sum' or 'none' but got 'batchmean'/);
      }),
    ],
  },
} satisfies Record<string, OpSpec>;
