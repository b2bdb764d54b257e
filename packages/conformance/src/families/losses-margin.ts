import { expect, it } from 'vitest';
import { functional as F, ones, tensor, tidy, zeros } from '@stride/core-tensor';
import { has } from '../harness/capabilities.js';
import { errorCase } from '../harness/errors.js';
import type { OpSpec } from '../harness/family.js';
import { arg, fixtureFile, type Opts } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import multiMarginLossFixtures from '../../fixtures/multiMarginLoss.json' with { type: 'json' };
import oneHotFixtures from '../../fixtures/oneHot.json' with { type: 'json' };

export const marginLossFixtures = [fixtureFile(multiMarginLossFixtures), fixtureFile(oneHotFixtures)];

const ints = (values: number[], shape: number[]) => tensor(values, shape, { dtype: 'int32' });

/**
 * The multiclass SVM loss, and oneHot (the losses family). Scores of the gradchecks are 0.05
 * apart and the margin 0.975, so no hinge sits at its kink (0).
 */
export const marginLosses = {
  multiMarginLoss: {
    fixture: (t, o) => F.multiMarginLoss(arg(t, 'input'), arg(t, 'target'), o as Opts<typeof F.multiMarginLoss, 2>),
    gradcheck: [
      gradcheckCase('multiMarginLoss with p 1 (no hinge at 0)', (r, g) => {
        const [n, c] = [r.odd(3, 5), r.int(2, 5)];
        const target = g.targets([n], c);
        return [(x) => F.multiMarginLoss(x, target, { margin: 0.975 }), [g.distinct([n, c])]];
      }),
      gradcheckCase('multiMarginLoss with p 2, class weights and reduction none (no hinge at 0)', (r, g) => {
        const [n, c] = [r.odd(3, 5), r.int(2, 5)];
        const [target, weight] = [g.targets([n], c), g.uniform([c], 0.5, 2)];
        return [(x) => F.multiMarginLoss(x, target, { p: 2, margin: 0.975, weight, reduction: 'none' }), [g.distinct([n, c])]];
      }),
      gradcheckCase('multiMarginLoss of one sample [C] (no hinge at 0)', (r, g) => {
        const c = r.int(3, 6);
        const target = g.targets([], c);
        return [(x) => F.multiMarginLoss(x, target, { margin: 0.975, reduction: 'sum' }), [g.distinct([c])]];
      }),
    ],
    errors: [
      errorCase('multiMarginLoss with p 3 names p and both choices', (own) => {
        const [x, y] = [own(zeros([2, 3])), own(ints([0, 1], [2]))];
        const p = 3 as 1;
        expect(() => F.multiMarginLoss(x, y, { p })).toThrow(/^multiMarginLoss: p must be 1 or 2 but got 3/);
      }),
      errorCase(
        'multiMarginLoss with a class index too big names target, the index and the class count',
        (own) => {
          const [x, y] = [own(zeros([3, 4])), own(ints([0, 4, 1], [3]))];
          expect(() => F.multiMarginLoss(x, y)).toThrow(
            /^multiMarginLoss: target\[1\] is 4 but input has 4 classes \(expected 0 ≤ class < 4\)/,
          );
        },
        { requires: 'readSync' },
      ),
      errorCase('multiMarginLoss with too few targets names target and both shapes', (own) => {
        const [x, y] = [own(zeros([3, 4])), own(ints([0, 1], [2]))];
        expect(() => F.multiMarginLoss(x, y)).toThrow(
          /^multiMarginLoss: target has shape \[2\] but input \[3, 4\] needs target shape \[3\]/,
        );
      }),
      errorCase('multiMarginLoss of a 3-D input names input and its shape', (own) => {
        const [x, y] = [own(zeros([2, 3, 4])), own(ints([0, 1], [2]))];
        expect(() => F.multiMarginLoss(x, y)).toThrow(
          /^multiMarginLoss: input must be a vector \[C\] or a matrix \[N, C\] with C > 0 but got shape \[2, 3, 4\]/,
        );
      }),
      errorCase('multiMarginLoss with float32 targets names target and int32', (own) => {
        const [x, y] = [own(zeros([2, 3])), own(zeros([2]))];
        expect(() => F.multiMarginLoss(x, y)).toThrow(/^multiMarginLoss: target must be int32 class indices but got dtype float32/);
      }),
      errorCase('multiMarginLoss with a weight of the wrong length names weight and the class count', (own) => {
        const [x, y, weight] = [own(zeros([2, 3])), own(ints([0, 1], [2])), own(ones([4]))];
        expect(() => F.multiMarginLoss(x, y, { weight })).toThrow(
          /^multiMarginLoss: weight has shape \[4\] but expected \[3\] \(one per class\)/,
        );
      }),
      errorCase("multiMarginLoss with reduction 'avg' names reduction and the choices", (own) => {
        const [x, y] = [own(zeros([2, 3])), own(ints([0, 1], [2]))];
        const reduction = 'avg' as 'mean';
        expect(() => F.multiMarginLoss(x, y, { reduction })).toThrow(
          /^multiMarginLoss: reduction must be 'mean', 'sum' or 'none' but got 'avg'/,
        );
      }),
    ],
  },
  oneHot: {
    // int32 → int32: each case multiplies the one-hot rows into scores, as a mask picks them.
    fixture: (t, o) => F.oneHot(arg(t, 'indices'), o.numClasses as number | undefined).mul(arg(t, 'x')),
    gradcheck: [
      gradcheckCase('oneHot as a mask picks each row’s score of its class', (r, g) => {
        const [n, c] = [r.odd(3, 5), r.int(2, 5)];
        const target = g.targets([n], c);
        return [(x) => x.mul(F.oneHot(target, c)).sum(1), [g.normal([n, c])]];
      }),
    ],
    errors: [
      errorCase('oneHot of float32 indices names indices and int32', (own) => {
        const x = own(zeros([3]));
        expect(() => F.oneHot(x, 3)).toThrow(/^oneHot: indices must be int32 class indices but got dtype float32/);
      }),
      errorCase(
        'oneHot with an index as big as numClasses names the index and numClasses',
        (own) => {
          const x = own(ints([0, 2, 3], [3]));
          expect(() => F.oneHot(x, 3)).toThrow(/^oneHot: indices\[2\] is 3 but numClasses is 3 \(expected 0 ≤ index < 3\)/);
        },
        { requires: 'readSync' },
      ),
      errorCase(
        'oneHot with a negative index names the index',
        (own) => {
          const x = own(ints([0, -2, 1], [3]));
          expect(() => F.oneHot(x, 4)).toThrow(/^oneHot: indices\[1\] is -2 but class indices must be non-negative/);
        },
        { requires: 'readSync' },
      ),
      errorCase('oneHot with numClasses -2 names numClasses and what it may be', (own) => {
        const x = own(ints([0, 1], [2]));
        expect(() => F.oneHot(x, -2)).toThrow(/^oneHot: numClasses must be a non-negative integer, or -1 to infer it, but got -2/);
      }),
      errorCase(
        'oneHot that must infer numClasses from an empty tensor says to pass numClasses',
        (own) => {
          const x = own(ints([], [0]));
          expect(() => F.oneHot(x)).toThrow(/^oneHot: cannot infer numClasses from an empty tensor; pass numClasses/);
        },
        { requires: 'readSync' },
      ),
    ],
  },
} satisfies Record<string, OpSpec>;

/**
 * oneHot's numClasses −1 infers max + 1 by reading the indices: where the backend reads
 * synchronously it must equal the explicit call (checked against PyTorch above); elsewhere it
 * must ask for numClasses rather than guess.
 */
export function oneHotInference(): void {
  it('oneHot with numClasses -1 infers max + 1, as torch', async (ctx) => {
    if (!has('readSync')) return ctx.skip();
    const indices = ints([3, 0, 5, 1, 5, 2], [2, 3]);
    const [inferred, explicit] = tidy(() => [F.oneHot(indices), F.oneHot(indices, 6)]);
    expect(inferred!.dtype).toBe('int32');
    expect([...inferred!.shape]).toEqual([2, 3, 6]);
    expect(Array.from(await inferred!.data())).toEqual(Array.from(await explicit!.data()));
    [indices, inferred!, explicit!].forEach((t) => t.dispose());
  });

  it('oneHot with numClasses -1 on a backend without synchronous reads asks for numClasses', (ctx) => {
    if (has('readSync')) return ctx.skip();
    const indices = ints([0, 1], [2]);
    try {
      expect(() => F.oneHot(indices)).toThrow(/^oneHot: numClasses -1 infers the class count by reading the indices, .*; pass numClasses/);
    } finally {
      indices.dispose();
    }
  });
}
