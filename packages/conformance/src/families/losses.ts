import { expect } from 'vitest';
import { functional as F, ones, tensor, zeros } from '@stride/core-tensor';
import { currentBackendPattern, errorCase, otherBackend, type ErrorCase } from '../harness/errors.js';
import type { Family, NonEmpty } from '../harness/family.js';
import { arg, fixtureFile, type Opts } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import crossEntropyFixtures from '../../fixtures/crossEntropy.json' with { type: 'json' };
import nllLossFixtures from '../../fixtures/nllLoss.json' with { type: 'json' };
import mseLossFixtures from '../../fixtures/mseLoss.json' with { type: 'json' };
import l1LossFixtures from '../../fixtures/l1Loss.json' with { type: 'json' };
import crossEntropyProbabilityFixtures from '../../fixtures/crossEntropyProbabilities.json' with { type: 'json' };
import { binaryLossFixtures, binaryLosses } from './losses-binary.js';
import { regressionLossFixtures, regressionLosses } from './losses-regression.js';
import {
  distributionLossFixtures,
  distributionLosses,
  probabilityTargetErrors,
  probabilityTargetGradchecks,
} from './losses-distribution.js';
import { marginLossFixtures, marginLosses, oneHotInference } from './losses-margin.js';

/**
 * Classification losses over class indices or class probabilities, binary, regression,
 * divergence and margin losses, and oneHot. The 0.2 ops live in the losses-*.ts files beside this one.
 */
export const losses = {
  title: 'losses',
  fixtures: [
    fixtureFile(crossEntropyFixtures),
    fixtureFile(crossEntropyProbabilityFixtures),
    fixtureFile(nllLossFixtures),
    fixtureFile(mseLossFixtures),
    fixtureFile(l1LossFixtures),
    ...binaryLossFixtures,
    ...regressionLossFixtures,
    ...distributionLossFixtures,
    ...marginLossFixtures,
  ],
  ops: {
    crossEntropy: {
      fixture: (t, o) => F.crossEntropy(arg(t, 'input'), arg(t, 'target'), o as Opts<typeof F.crossEntropy, 2>),
      gradcheck: [
        gradcheckCase('crossEntropy with labelSmoothing, ignoreIndex and class weights', (r, g) => {
          const [n, c] = [r.odd(3, 5), r.int(3, 5)];
          const target = g.targets([n], c, { ignoreIndex: -1 });
          const weight = g.uniform([c], 0.5, 2);
          const opts = { labelSmoothing: 0.15, ignoreIndex: -1, weight };
          return [(xs) => F.crossEntropy(xs, target, opts), [g.normal([n, c])]];
        }),
        gradcheckCase('crossEntropy over [N, C, H, W] with reduction sum and the default ignoreIndex', (r, g) => {
          const [n, c, h, w] = [r.int(1, 2), r.int(2, 4), r.odd(1, 3), r.int(2, 3)];
          const target = g.targets([n, h, w], c, { ignoreIndex: -100 });
          return [(xs) => F.crossEntropy(xs, target, { reduction: 'sum', labelSmoothing: 0.05 }), [g.normal([n, c, h, w])]];
        }),
        gradcheckCase('crossEntropy with reduction none and class weights', (r, g) => {
          const [n, c] = [r.odd(3, 5), r.int(2, 4)];
          const target = g.targets([n], c);
          const weight = g.uniform([c], 0.5, 2);
          return [(xs) => F.crossEntropy(xs, target, { reduction: 'none', weight }), [g.normal([n, c])]];
        }),
        ...probabilityTargetGradchecks,
      ],
      errors: [
        ...classTargetErrors('crossEntropy', F.crossEntropy),
        errorCase('crossEntropy with a class weight of the wrong length names weight and the class count', (own) => {
          const input = own(zeros([2, 3]));
          const target = own(tensor([0, 2], [2], { dtype: 'int32' }));
          const weight = own(ones([4]));
          expect(() => F.crossEntropy(input, target, { weight })).toThrow(
            /^crossEntropy: weight has shape \[4\] but expected \[3\] \(one per class\)/,
          );
        }),
        errorCase('crossEntropy with its target on a different backend names target', (own) => {
          const logits = own(zeros([2, 3]));
          const target = own(tensor([0, 1], [2], { dtype: 'int32', backend: otherBackend() }));
          expect(() => F.crossEntropy(logits, target)).toThrow(
            new RegExp(`^crossEntropy: target is on backend 'other' but input is on backend '${currentBackendPattern()}'`),
          );
        }),
        ...probabilityTargetErrors,
      ],
    },
    nllLoss: {
      fixture: (t, o) => F.nllLoss(arg(t, 'input'), arg(t, 'target'), o as Opts<typeof F.nllLoss, 2>),
      gradcheck: [
        gradcheckCase('nllLoss with ignoreIndex and class weights', (r, g) => {
          const [n, c] = [r.odd(3, 5), r.int(2, 5)];
          // An ignoreIndex inside the class range, as PyTorch allows.
          const target = g.targets([n], c, { ignoreIndex: 1 });
          const weight = g.uniform([c], 0.5, 2);
          return [(xs) => F.nllLoss(xs, target, { ignoreIndex: 1, weight }), [g.normal([n, c])]];
        }),
        gradcheckCase('nllLoss over [N, C, L] with reduction sum', (r, g) => {
          const [n, c, l] = [r.int(1, 2), r.int(2, 4), r.odd(3, 5)];
          const target = g.targets([n, l], c);
          return [(xs) => F.nllLoss(xs, target, { reduction: 'sum' }), [g.normal([n, c, l])]];
        }),
      ],
      errors: classTargetErrors('nllLoss', F.nllLoss),
    },
    mseLoss: {
      fixture: (t, o) => F.mseLoss(arg(t, 'input'), arg(t, 'target'), o as Opts<typeof F.mseLoss, 2>),
      gradcheck: [
        gradcheckCase('mseLoss with reduction mean, in both arguments', (r, g) => {
          const shape = r.shape(3);
          return [(a, b) => F.mseLoss(a, b), [g.normal(shape), g.normal(shape)]];
        }),
        gradcheckCase('mseLoss with reduction sum', (r, g) => {
          const shape = r.shape(2);
          return [(a, b) => F.mseLoss(a, b, { reduction: 'sum' }), [g.normal(shape), g.normal(shape)]];
        }),
      ],
      errors: [
        errorCase('mseLoss of [2, 3] and a [4] target names mseLoss, input and target', (own) => {
          const input = own(zeros([2, 3]));
          const target = own(zeros([4]));
          expect(() => F.mseLoss(input, target)).toThrow(/^mseLoss: .*\[2, 3\] \(input\).*\[4\] \(target\)/);
        }),
      ],
    },
    l1Loss: {
      fixture: (t, o) => F.l1Loss(arg(t, 'input'), arg(t, 'target'), o as Opts<typeof F.l1Loss, 2>),
      gradcheck: [
        // |input − target| has a kink where they meet: inputs keep 0.25 from 0, targets within 0.1 of it.
        gradcheckCase('l1Loss with reduction mean, in both arguments (no ties)', (r, g) => {
          const shape = r.shape(3);
          return [(a, b) => F.l1Loss(a, b), [g.awayFrom(shape, [0], 0.25), g.uniform(shape, -0.1, 0.1)]];
        }),
        gradcheckCase('l1Loss with reduction none and a broadcast target (no ties)', (r, g) => {
          const [m, n] = [r.odd(3, 5), r.int(2, 4)];
          return [(a, b) => F.l1Loss(a, b, { reduction: 'none' }), [g.awayFrom([m, n], [0], 0.25), g.uniform([n], -0.1, 0.1)]];
        }),
      ],
      errors: [
        errorCase('l1Loss of [2, 3] and a [4] target names l1Loss, input, target and the clashing sizes', (own) => {
          const input = own(zeros([2, 3]));
          const target = own(zeros([4]));
          expect(() => F.l1Loss(input, target)).toThrow(
            /^l1Loss: shapes \[2, 3\] \(input\) and \[4\] \(target\) do not broadcast: dimension -1 is 3 in input and 4 in target/,
          );
        }),
        errorCase("l1Loss with reduction 'avg' names reduction, the choices and the value", (own) => {
          const [input, target] = [own(zeros([2])), own(zeros([2]))];
          const reduction = 'avg' as 'mean';
          expect(() => F.l1Loss(input, target, { reduction })).toThrow(/^l1Loss: reduction must be 'mean', 'sum' or 'none' but got 'avg'/);
        }),
      ],
    },
    ...binaryLosses,
    ...regressionLosses,
    ...distributionLosses,
    ...marginLosses,
  },
  tests: oneHotInference,
} satisfies Family;

/**
 * Class targets must be int32 indices in range or ignoreIndex. Indices live on the device; only a
 * backend with synchronous reads checks them at the op's entry.
 */
function classTargetErrors(op: 'crossEntropy' | 'nllLoss', loss: typeof F.nllLoss): NonEmpty<ErrorCase> {
  return [
    errorCase(`${op} with float32 targets names target, int32 and float32`, (own) => {
      const input = own(zeros([2, 3]));
      const target = own(tensor([0, 2], [2]));
      expect(() => loss(input, target)).toThrow(new RegExp(`^${op}: target must be int32 class indices but got dtype float32`));
    }),
    errorCase(
      `${op} with a class index too big names target, the index and the class count`,
      (own) => {
        const input = own(zeros([3, 4]));
        const target = own(tensor([0, 4, 1], [3], { dtype: 'int32' }));
        expect(() => loss(input, target)).toThrow(
          new RegExp(`^${op}: target\\[1\\] is 4 but input has 4 classes \\(expected 0 ≤ class < 4, or ignoreIndex -100\\)`),
        );
      },
      { requires: 'readSync' },
    ),
    errorCase(
      `${op} with a negative class index that is not ignoreIndex names the index`,
      (own) => {
        const input = own(zeros([2, 3, 2, 2]));
        const target = own(tensor([0, 1, 2, 0, 1, 2, -1, 0], [2, 2, 2], { dtype: 'int32' }));
        expect(() => loss(input, target, { ignoreIndex: -5 })).toThrow(
          new RegExp(`^${op}: target\\[6\\] is -1 but input has 3 classes \\(expected 0 ≤ class < 3, or ignoreIndex -5\\)`),
        );
      },
      { requires: 'readSync' },
    ),
    errorCase(`${op} accepts a negative class index equal to ignoreIndex`, (own) => {
      const input = own(zeros([2, 3]));
      const target = own(tensor([-1, 2], [2], { dtype: 'int32' }));
      expect(() => own(loss(input, target, { ignoreIndex: -1 }))).not.toThrow();
    }),
  ];
}
