import { expect } from 'vitest';
import { functional as F, ones, tensor, zeros } from '@stride/core-tensor';
import { disposedInputCase, errorCase } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile, type Opts } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import activationFixtures from '../../fixtures/activations.json' with { type: 'json' };
import moreActivationFixtures from '../../fixtures/moreActivations.json' with { type: 'json' };

/** Elementwise nonlinearities. Inputs of gradchecks keep away from each op's kinks. */
export const activations = {
  title: 'activations',
  fixtures: [fixtureFile(activationFixtures), fixtureFile(moreActivationFixtures)],
  ops: {
    relu: {
      fixture: (t) => F.relu(arg(t, 'x')),
      gradcheck: [gradcheckCase('relu (inputs away from 0)', (r, g) => [(xs) => F.relu(xs), [g.awayFrom(r.shape(3), [0])]])],
      errors: [disposedInputCase('relu', F.relu)],
    },
    leakyRelu: {
      fixture: (t, o) => (o.negativeSlope === undefined ? F.leakyRelu(arg(t, 'x')) : F.leakyRelu(arg(t, 'x'), o.negativeSlope as number)),
      gradcheck: [
        gradcheckCase('leakyRelu with slope 0.2 (inputs away from 0)', (r, g) => [
          (xs) => F.leakyRelu(xs, 0.2),
          [g.awayFrom(r.shape(3), [0])],
        ]),
        gradcheckCase('leakyRelu with the default slope (inputs away from 0)', (r, g) => [
          (xs) => F.leakyRelu(xs),
          [g.awayFrom(r.shape(2), [0])],
        ]),
      ],
      errors: [disposedInputCase('leakyRelu', (x) => F.leakyRelu(x))],
    },
    sigmoid: {
      fixture: (t) => F.sigmoid(arg(t, 'x')),
      gradcheck: [gradcheckCase('sigmoid', (r, g) => [(xs) => F.sigmoid(xs), [g.normal(r.shape(3))]])],
      errors: [disposedInputCase('sigmoid', F.sigmoid)],
    },
    tanh: {
      fixture: (t) => F.tanh(arg(t, 'x')),
      gradcheck: [gradcheckCase('tanh', (r, g) => [(xs) => F.tanh(xs), [g.normal(r.shape(3))]])],
      errors: [disposedInputCase('tanh', F.tanh)],
    },
    gelu: {
      fixture: (t, o) => F.gelu(arg(t, 'x'), o as Opts<typeof F.gelu, 1>),
      gradcheck: [
        gradcheckCase("gelu with approximate 'none'", (r, g) => [(xs) => F.gelu(xs), [g.normal(r.shape(3))]]),
        gradcheckCase("gelu with approximate 'tanh'", (r, g) => [(xs) => F.gelu(xs, { approximate: 'tanh' }), [g.normal(r.shape(3))]]),
      ],
      errors: [
        errorCase("gelu with approximate 'erf' names approximate, both choices and the value", (own) => {
          const x = own(zeros([3]));
          const approximate = 'erf' as 'none';
          expect(() => F.gelu(x, { approximate })).toThrow(/^gelu: approximate must be 'none' or 'tanh' but got 'erf'/);
        }),
        disposedInputCase('gelu', (x) => F.gelu(x)),
      ],
    },
    elu: {
      fixture: (t, o) => (o.alpha === undefined ? F.elu(arg(t, 'x')) : F.elu(arg(t, 'x'), o.alpha as number)),
      gradcheck: [
        gradcheckCase('elu with the default alpha (inputs away from 0)', (r, g) => [(xs) => F.elu(xs), [g.awayFrom(r.shape(3), [0])]]),
        gradcheckCase('elu with alpha 0.5 (inputs away from 0)', (r, g) => [(xs) => F.elu(xs, 0.5), [g.awayFrom(r.shape(2), [0])]]),
      ],
      errors: [disposedInputCase('elu', (x) => F.elu(x))],
    },
    silu: {
      fixture: (t) => F.silu(arg(t, 'x')),
      gradcheck: [gradcheckCase('silu', (r, g) => [(xs) => F.silu(xs), [g.normal(r.shape(3))]])],
      errors: [disposedInputCase('silu', F.silu)],
    },
    softplus: {
      fixture: (t, o) => F.softplus(arg(t, 'x'), o as Opts<typeof F.softplus, 1>),
      gradcheck: [
        gradcheckCase('softplus with the default beta and threshold', (r, g) => [(xs) => F.softplus(xs), [g.normal(r.shape(3))]]),
        // The linear branch starts where beta·x = threshold, here x = 1.5: a jump that finite differences cannot cross.
        gradcheckCase('softplus with beta 2 and threshold 3 (inputs away from the switch at 1.5)', (r, g) => [
          (xs) => F.softplus(xs, { beta: 2, threshold: 3 }),
          [g.awayFrom(r.shape(3), [1.5])],
        ]),
      ],
      errors: [disposedInputCase('softplus', (x) => F.softplus(x))],
    },
    relu6: {
      fixture: (t) => F.relu6(arg(t, 'x')),
      gradcheck: [
        // Scaled by 4 so that inputs in [-2, 2] reach both kinks, 0 and 6 (x = 1.5).
        gradcheckCase('relu6 of 4x (inputs away from both kinks)', (r, g) => [
          (xs) => F.relu6(xs.mul(4)),
          [g.awayFrom(r.shape(3), [0, 1.5])],
        ]),
      ],
      errors: [disposedInputCase('relu6', F.relu6)],
    },
    selu: {
      fixture: (t) => F.selu(arg(t, 'x')),
      gradcheck: [gradcheckCase('selu (inputs away from 0)', (r, g) => [(xs) => F.selu(xs), [g.awayFrom(r.shape(3), [0])]])],
      errors: [disposedInputCase('selu', F.selu)],
    },
    mish: {
      fixture: (t) => F.mish(arg(t, 'x')),
      gradcheck: [gradcheckCase('mish', (r, g) => [(xs) => F.mish(xs.mul(3)), [g.normal(r.shape(3))]])],
      errors: [disposedInputCase('mish', F.mish)],
    },
    hardswish: {
      fixture: (t) => F.hardswish(arg(t, 'x')),
      gradcheck: [
        // Scaled by 2 so that inputs in [-2, 2] reach both kinks, -3 and 3 (x = ±1.5).
        gradcheckCase('hardswish of 2x (inputs away from both kinks)', (r, g) => [
          (xs) => F.hardswish(xs.mul(2)),
          [g.awayFrom(r.shape(3), [-1.5, 1.5])],
        ]),
      ],
      errors: [disposedInputCase('hardswish', F.hardswish)],
    },
    hardsigmoid: {
      fixture: (t) => F.hardsigmoid(arg(t, 'x')),
      gradcheck: [
        gradcheckCase('hardsigmoid of 2x (inputs away from both kinks)', (r, g) => [
          (xs) => F.hardsigmoid(xs.mul(2)),
          [g.awayFrom(r.shape(3), [-1.5, 1.5])],
        ]),
      ],
      errors: [disposedInputCase('hardsigmoid', F.hardsigmoid)],
    },
    prelu: {
      fixture: (t) => F.prelu(arg(t, 'x'), arg(t, 'weight')),
      gradcheck: [
        gradcheckCase('prelu with one weight per channel, in input and weight (inputs away from 0)', (r, g) => {
          const [n, c, l] = [r.odd(3, 5), r.int(2, 4), r.int(1, 3)];
          return [(x, w) => F.prelu(x, w), [g.awayFrom([n, c, l], [0]), g.uniform([c], 0.05, 0.5)]];
        }),
        gradcheckCase('prelu with one weight for all channels (inputs away from 0)', (r, g) => [
          (x, w) => F.prelu(x, w),
          [g.awayFrom(r.shape(4), [0]), g.uniform([1], 0.05, 0.5)],
        ]),
      ],
      errors: [
        errorCase('prelu with 4 weights for 3 channels names weight, both counts and the shape', (own) => {
          const [x, w] = [own(zeros([2, 3, 5])), own(ones([4]))];
          expect(() => F.prelu(x, w)).toThrow(
            /^prelu: weight has 4 parameters but input of shape \[2, 3, 5\] has 3 channels \(expected 1 or 3\)/,
          );
        }),
        errorCase('prelu of a 1-D input with 3 weights names the single channel torch counts', (own) => {
          const [x, w] = [own(zeros([3])), own(ones([3]))];
          expect(() => F.prelu(x, w)).toThrow(/^prelu: weight has 3 parameters but input of shape \[3\] has 1 channel \(expected 1 or 1\)/);
        }),
        errorCase('prelu with a 2-D weight names weight and its shape', (own) => {
          const [x, w] = [own(zeros([2, 3])), own(ones([1, 3]))];
          expect(() => F.prelu(x, w)).toThrow(/^prelu: weight must be a scalar or 1-D tensor but got shape \[1, 3\]/);
        }),
        errorCase('prelu of an int32 input names both dtypes', (own) => {
          const [x, w] = [own(tensor([1, -2], [2], { dtype: 'int32' })), own(ones([1]))];
          expect(() => F.prelu(x, w)).toThrow(/^prelu: input and weight must be floating point but got int32 input and float32 weight/);
        }),
        errorCase('prelu of a disposed tensor names prelu', (own) => {
          const [x, w] = [zeros([4]), own(ones([1]))];
          x.dispose();
          expect(() => F.prelu(x, w)).toThrow(/^prelu: input was disposed \(shape \[4\], float32\)/);
        }),
      ],
    },
  },
} satisfies Family;
