import { expect } from 'vitest';
import { functional as F, zeros } from '@stride/core-tensor';
import { errorCase, type ErrorCase } from '../harness/errors.js';
import type { NonEmpty } from '../harness/family.js';
import { gradcheckCase, type GradcheckCase } from '../harness/gradcheck.js';

/** F.pad's gradchecks: every mode, asymmetric and negative pads. */
export const padGradchecks: NonEmpty<GradcheckCase> = [
  gradcheckCase('pad of every dim with a value', (r, g) => {
    const pads = [0, 2, 1, r.int(0, 2), r.int(0, 2), r.int(0, 1)];
    return [(a) => F.pad(a, pads, { value: -0.5 }), [g.normal(r.shape(3))]];
  }),
  gradcheckCase('pad with negative pads (cropping)', (r, g) => {
    const x = g.normal([2, r.int(3, 5), r.int(4, 6)]);
    return [(a) => F.pad(a, [-1, 2, 1, -2]), [x]];
  }),
  gradcheckCase("pad mode 'reflect' in 2-D, asymmetric", (r, g) => {
    const x = g.normal([r.int(1, 2), 2, r.int(4, 6), r.int(4, 6)]);
    return [(a) => F.pad(a, [3, 1, 0, 2], { mode: 'reflect' }), [x]];
  }),
  gradcheckCase("pad mode 'reflect' in 1-D and 3-D, cropping on one side", (r, g) => {
    const x = g.normal([1, 2, 3, r.int(3, 4), 5]);
    return [(a) => F.pad(F.pad(a, [-1, 3, 1, 2, 2, 0], { mode: 'reflect' }).flatten(1, 3), [2, 1], { mode: 'reflect' }), [x]];
  }),
  gradcheckCase("pad mode 'replicate', wider than the input", (r, g) => {
    const x = g.normal([2, r.int(2, 3), 3]);
    return [(a) => F.pad(a, [4, 1, 0, 5], { mode: 'replicate' }), [x]];
  }),
  gradcheckCase("pad mode 'circular' in 2-D and 3-D, with a crop", (r, g) => {
    const x = g.normal([1, 2, r.int(3, 4), 4, 5]);
    return [(a) => F.pad(a, [2, -1, 4, 0, 1, 1], { mode: 'circular' }), [x]];
  }),
];

/** F.pad's bad inputs: the list's length and values, the mode, and each mode's rules. */
export const padErrors: NonEmpty<ErrorCase> = [
  errorCase('pad with an odd number of values names the count', (own) => {
    const x = own(zeros([2, 3]));
    expect(() => F.pad(x, [1, 1, 1])).toThrow(
      /^pad: pads has 3 values \(expected an even number: a \(before, after\) pair per dimension, last first\)/,
    );
  }),
  errorCase('pad with more pairs than dims names the count and the rank', (own) => {
    const x = own(zeros([2, 3]));
    expect(() => F.pad(x, [1, 1, 1, 1, 1, 1])).toThrow(/^pad: pads has 6 values for an input of rank 2 \(expected at most 4\)/);
  }),
  errorCase('pad refuses NaN and fractional padding', (own) => {
    const x = own(zeros([1, 1, 4, 4]));
    expect(() => F.pad(x, [1, NaN])).toThrow(/^pad: pads must be a list of integers but got \[1,null\]/);
    expect(() => F.pad(x, [0, 0, 1, 2.5])).toThrow(/^pad: pads must be a list of integers but got \[0,0,1,2.5\]/);
  }),
  errorCase('pad cropping past the start names the dim, its size and the bound', (own) => {
    const x = own(zeros([2, 4]));
    expect(() => F.pad(x, [-3, -2])).toThrow(
      /^pad: padding \(-3, -2\) of dimension 1 leaves it size -1 \(input size 4; expected a size ≥ 0\)/,
    );
  }),
  errorCase('pad with an unknown mode names the modes', (own) => {
    const x = own(zeros([1, 1, 4, 4]));
    expect(() => F.pad(x, [1, 1], { mode: 'symmetric' as F.PaddingMode })).toThrow(
      /^pad: mode must be 'constant', 'reflect', 'replicate' or 'circular' but got 'symmetric'/,
    );
  }),
  errorCase('pad reflect as wide as the input names the pads, the size and the bound', (own) => {
    const x = own(zeros([1, 1, 3, 4]));
    expect(() => F.pad(x, [4, 0, 0, 0], { mode: 'reflect' })).toThrow(
      /^pad: reflect padding \(4, 0\) of dimension 3 must be less than its size 4 \(expected each pad ≤ 3\)/,
    );
    expect(() => F.pad(x, [0, 0, 1, 3], { mode: 'reflect' })).toThrow(/^pad: reflect padding \(1, 3\) of dimension 2 must be less/);
  }),
  errorCase('pad circular wider than the input names the wrap-around', (own) => {
    const x = own(zeros([1, 1, 3, 4]));
    expect(() => F.pad(x, [5, 0, 0, 0], { mode: 'circular' })).toThrow(
      /^pad: circular padding \(5, 0\) of dimension 3 wraps around more than once \(expected each pad ≤ its size 4\)/,
    );
  }),
  errorCase('pad reflect of 2 dims of a 2-D input names the ranks each pad count needs', (own) => {
    const x = own(zeros([3, 4]));
    expect(() => F.pad(x, [1, 1, 1, 1], { mode: 'reflect' })).toThrow(
      /^pad: mode 'reflect' pads the last 1, 2 or 3 dims .* but got 4 values for input of shape \[3, 4\]/,
    );
  }),
  errorCase('pad circular of an unbatched input names the batched layout', (own) => {
    const x = own(zeros([2, 3, 4]));
    expect(() => F.pad(x, [1, 1, 1, 1], { mode: 'circular' })).toThrow(
      /^pad: mode 'circular' needs a batched input \[N, C, \.\.\.\] with a pair per spatial dim: 4 values need a 4-D input but got shape \[2, 3, 4\]/,
    );
  }),
  errorCase('pad replicate with a value names the mode and the value', (own) => {
    const x = own(zeros([1, 2, 3]));
    expect(() => F.pad(x, [1, 1], { mode: 'replicate', value: 2 })).toThrow(/^pad: mode 'replicate' takes no value \(got value 2\)/);
  }),
];
