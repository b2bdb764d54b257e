import { expect } from 'vitest';
import { functional as F, getBackend, zeros } from '@stride/core-tensor';
import { currentBackendPattern, errorCase, otherBackend } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import linearFixtures from '../../fixtures/linear.json' with { type: 'json' };
import tensorOpsFixtures from '../../fixtures/tensorOps.json' with { type: 'json' };

/** linear and the matmul it is built on, with broadcast batch dims. */
export const linearAndMatmul = {
  title: 'linear and matmul',
  fixtures: [fixtureFile(linearFixtures), fixtureFile(tensorOpsFixtures)],
  ops: {
    linear: {
      fixture: (t) => F.linear(arg(t, 'x'), arg(t, 'weight'), t.bias),
      gradcheck: [
        gradcheckCase('linear with leading dims and bias', (r, g) => {
          const [inF, outF] = [r.odd(3, 5), r.int(2, 4)];
          const x = g.normal([2, r.int(1, 3), inF]);
          const w = g.normal([outF, inF]);
          const b = g.normal([outF]);
          return [(xs, ws, bs) => F.linear(xs, ws, bs), [x, w, b]];
        }),
        gradcheckCase('linear without bias on a 1-D input', (r, g) => {
          const inF = r.odd(3, 7);
          return [(xs, ws) => F.linear(xs, ws), [g.normal([inF]), g.normal([r.int(2, 4), inF])]];
        }),
      ],
      errors: [
        errorCase('linear with the wrong input features names input, weight and both feature counts', (own) => {
          const x = own(zeros([2, 3]));
          const w = own(zeros([4, 5]));
          expect(() => F.linear(x, w)).toThrow(/^linear: input has 3 features \(shape \[2, 3\]\) but weight \[4, 5\] expects 5/);
        }),
        errorCase('linear bias of the wrong length names bias and the expected length', (own) => {
          const x = own(zeros([2, 5]));
          const w = own(zeros([4, 5]));
          const b = own(zeros([3]));
          expect(() => F.linear(x, w, b)).toThrow(/^linear: bias has shape \[3\] but expected \[4\]/);
        }),
      ],
    },

    matmul: {
      fixture: (t) => arg(t, 'a').matmul(arg(t, 'b')),
      gradcheck: [
        gradcheckCase('matmul with broadcast batch dims', (r, g) => {
          const [m, k, n] = [r.odd(1, 3), r.int(2, 4), r.int(1, 3)];
          return [(a, b) => a.matmul(b), [g.normal([2, 1, m, k]), g.normal([r.int(2, 3), k, n])]];
        }),
        gradcheckCase('matmul of a vector and a batch of matrices', (r, g) => {
          const [k, n] = [r.odd(3, 5), r.int(2, 3)];
          return [(a, b) => a.matmul(b), [g.normal([k]), g.normal([2, k, n])]];
        }),
      ],
      errors: [
        errorCase('matmul inner dimensions that differ name both shapes', (own) => {
          const a = own(zeros([2, 3]));
          const b = own(zeros([4, 5]));
          expect(() => a.matmul(b)).toThrow(/^matmul: input \[2, 3\] has 3 columns but other \[4, 5\] has 4 rows \(expected equal\)/);
        }),
        errorCase('batched matmul with batch dims that do not broadcast names matmul', (own) => {
          const a = own(zeros([2, 2, 3]));
          const b = own(zeros([3, 3, 4]));
          expect(() => a.matmul(b)).toThrow(/^matmul: shapes \[2\] \(input\) and \[3\] \(other\) do not broadcast/);
        }),
        errorCase('matmul across two instances of the same backend says they are different instances', (own) => {
          const a = own(zeros([2, 3]));
          const b = own(zeros([3, 2], { backend: otherBackend(getBackend().name) }));
          const name = currentBackendPattern();
          expect(() => a.matmul(b)).toThrow(
            new RegExp(`^matmul: other is on backend '${name}' but input is on backend '${name}' \\(two different instances\\)`),
          );
        }),
      ],
    },
  },
} satisfies Family;
