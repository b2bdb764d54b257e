import { describe, it } from 'vitest';
import { errorTest, type ErrorCase } from './errors.js';
import { casesOf, checkFixture, type FixtureCall, type FixtureFile } from './fixtures.js';
import { gradcheckTest, type GradcheckCase } from './gradcheck.js';

/** At least one: an empty list does not type-check. */
export type NonEmpty<T> = readonly [T, ...T[]];

/**
 * What an op must have to be tested at all: how it is called on a PyTorch fixture case, at least
 * one gradcheck and at least one bad input with the error it gives. The fixture cases themselves
 * are the family's (`Family.fixtures`), picked by op name.
 */
export interface OpSpec {
  fixture: FixtureCall;
  gradcheck: NonEmpty<GradcheckCase>;
  errors: NonEmpty<ErrorCase>;
}

/**
 * A group of related ops and their tests, side by side; its title is a row of the parity matrix
 * (`stride-bench parity`). A family with no ops (autograd, memory) holds only `tests`.
 */
export interface Family {
  title: string;
  /** The PyTorch fixture files whose cases this family's ops run. */
  fixtures: readonly FixtureFile[];
  ops: Readonly<Record<string, OpSpec>>;
  /** Tests that belong to the family but to no single op: registers its `it`s and `describe`s. */
  tests?: () => void;
}

/**
 * `<family> › <op> › <test>`: each op's fixture cases, then its gradchecks, then its bad inputs,
 * then the family's own tests.
 */
export function registerFamily(family: Family): void {
  describe(family.title, () => {
    for (const [op, spec] of Object.entries(family.ops)) {
      describe(op, () => {
        for (const c of casesOf(family.fixtures, op)) {
          it(`${c.name} matches PyTorch forward and backward`, () => checkFixture(c, spec.fixture));
        }
        for (const g of spec.gradcheck) gradcheckTest(g);
        for (const e of spec.errors) errorTest(e);
      });
    }
    family.tests?.();
  });
}
