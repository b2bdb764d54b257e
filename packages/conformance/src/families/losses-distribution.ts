import { expect } from 'vitest';
import { functional as F, ones, tensor, zeros } from '@stride/core-tensor';
import { errorCase, type ErrorCase } from '../harness/errors.js';
import type { OpSpec } from '../harness/family.js';
import { arg, fixtureFile, type Opts } from '../harness/fixtures.js';
import { gradcheckCase, type GradcheckCase } from '../harness/gradcheck.js';
import klDivFixtures from '../../fixtures/klDiv.json' with { type: 'json' };

export const distributionLossFixtures = [fixtureFile(klDivFixtures)];

/** KL divergence (the losses family). */
export const distributionLosses = {
  klDiv: {
    fixture: (t, o) => F.klDiv(arg(t, 'input'), arg(t, 'target'), o as Opts<typeof F.klDiv, 2>),
    gradcheck: [
      gradcheckCase('klDiv with reduction batchmean, in input and target', (r, g) => {
        const shape = r.shape(2);
        return [(x, t) => F.klDiv(x, t, { reduction: 'batchmean' }), [g.normal(shape), g.uniform(shape, 0.05, 1)]];
      }),
      gradcheckCase('klDiv with logTarget and reduction none, in input and target', (r, g) => {
        const shape = r.shape(3);
        return [(x, t) => F.klDiv(x, t, { logTarget: true, reduction: 'none' }), [g.normal(shape), g.normal(shape)]];
      }),
      gradcheckCase("klDiv with the default reduction 'mean' and a broadcast target", (r, g) => {
        const [m, n] = [r.odd(3, 5), r.int(2, 4)];
        return [(x, t) => F.klDiv(x, t), [g.normal([m, n]), g.uniform([n], 0.05, 1)]];
      }),
    ],
    errors: [
      errorCase("klDiv with reduction 'avg' names reduction and its four choices", (own) => {
        const [x, t] = [own(zeros([2])), own(zeros([2]))];
        const reduction = 'avg' as 'mean';
        expect(() => F.klDiv(x, t, { reduction })).toThrow(/^klDiv: reduction must be 'mean', 'batchmean', 'sum' or 'none' but got 'avg'/);
      }),
      errorCase('klDiv of [3, 4] and a [2, 4] target names input, target and the clashing sizes', (own) => {
        const [x, t] = [own(zeros([3, 4])), own(zeros([2, 4]))];
        expect(() => F.klDiv(x, t)).toThrow(
          /^klDiv: shapes \[3, 4\] \(input\) and \[2, 4\] \(target\) do not broadcast: dimension -2 is 3/,
        );
      }),
      errorCase('klDiv of an int32 input names both dtypes', (own) => {
        const [x, t] = [own(tensor([0, 1], [2], { dtype: 'int32' })), own(zeros([2]))];
        expect(() => F.klDiv(x, t)).toThrow(/^klDiv: input and target must be floating point but got int32 input and float32 target/);
      }),
    ],
  },
} satisfies Record<string, OpSpec>;

/** crossEntropy against class probabilities of the logits' shape: its gradchecks, in logits and target. */
export const probabilityTargetGradchecks: GradcheckCase[] = [
  gradcheckCase('crossEntropy with class-probability targets, labelSmoothing and class weights, in logits and target', (r, g) => {
    const [n, c] = [r.odd(3, 5), r.int(2, 5)];
    const weight = g.uniform([c], 0.5, 2);
    return [(x, t) => F.crossEntropy(x, t, { labelSmoothing: 0.2, weight }), [g.normal([n, c]), g.uniform([n, c], 0, 1)]];
  }),
  gradcheckCase('crossEntropy with class-probability targets over [N, C, H, W] and reduction none', (r, g) => {
    const shape = [r.int(1, 2), r.int(2, 4), r.odd(1, 3), r.int(2, 3)];
    return [(x, t) => F.crossEntropy(x, t, { reduction: 'none' }), [g.normal(shape), g.uniform(shape, 0, 1)]];
  }),
];

/** crossEntropy's bad class-probability targets. */
export const probabilityTargetErrors: ErrorCase[] = [
  errorCase('crossEntropy with class-probability targets and ignoreIndex 1 names ignoreIndex and the value', (own) => {
    const [x, t] = [own(zeros([2, 3])), own(zeros([2, 3]))];
    expect(() => F.crossEntropy(x, t, { ignoreIndex: 1 })).toThrow(
      /^crossEntropy: ignoreIndex does not apply to class-probability targets \(expected a negative ignoreIndex or none, got 1\)/,
    );
  }),
  errorCase("crossEntropy with int32 targets of the logits' shape names target, float32 probabilities and int32", (own) => {
    const [x, t] = [own(zeros([2, 3])), own(tensor([0, 1, 0, 0, 0, 1], [2, 3], { dtype: 'int32' }))];
    expect(() => F.crossEntropy(x, t)).toThrow(
      /^crossEntropy: target has the input's shape \[2, 3\], so it must hold float32 class probabilities, but got dtype int32 \(class indices have shape \[2\]\)/,
    );
  }),
  errorCase('crossEntropy with class-probability targets and a weight of the wrong length names weight and the class count', (own) => {
    const [x, t, weight] = [own(zeros([2, 3])), own(zeros([2, 3])), own(ones([2]))];
    expect(() => F.crossEntropy(x, t, { weight })).toThrow(/^crossEntropy: weight has shape \[2\] but expected \[3\] \(one per class\)/);
  }),
  errorCase('crossEntropy with float32 targets of neither shape names both target forms', (own) => {
    const [x, t] = [own(zeros([2, 3])), own(zeros([2, 4]))];
    expect(() => F.crossEntropy(x, t)).toThrow(
      /^crossEntropy: target must be int32 class indices but got dtype float32; .*or pass float32 class probabilities of the input's shape \[2, 3\]/,
    );
  }),
];
