import { expect } from 'vitest';
import { functional as F, zeros } from '@stride/core-tensor';
import { disposedInputCase, errorCase } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile, type Opts } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import activationFixtures from '../../fixtures/activations.json' with { type: 'json' };

/** Elementwise nonlinearities. Inputs of gradchecks keep away from each op's kinks. */
export const activations = {
  title: 'activations',
  fixtures: [fixtureFile(activationFixtures)],
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
  },
} satisfies Family;
