import { expect, it } from 'vitest';
import { gradcheck, type Tensor } from '@stride/core-tensor';
import { has } from './capabilities.js';
import { makeInputs, rngFor, type Inputs, type Rng } from './random-inputs.js';

type Fn = (...xs: Tensor[]) => Tensor;

/**
 * One gradcheck on small random shapes. Shapes and options come from a PRNG seeded by the name,
 * so they are odd and non-square but the same on every run. Finite differences are undefined at
 * kinks and ties, so inputs of relu-like ops keep away from their kinks and max-like ops get
 * distinct values.
 */
export interface GradcheckCase {
  name: string;
  /** The op under test and its inputs; the op runs many times, so it must draw nothing from `r`. */
  build: (r: Rng, g: Inputs) => [fn: Fn, inputs: Tensor[]];
}

export function gradcheckCase(name: string, build: GradcheckCase['build']): GradcheckCase {
  return { name, build };
}

/**
 * Registers one gradcheck test. It needs float64 and synchronous reads, so a backend without them
 * skips it; the check runs in the test body because the backend is set only in `beforeAll`.
 */
export function gradcheckTest({ name, build }: GradcheckCase): void {
  it(`${name} passes gradcheck`, (ctx) => {
    if (!has('float64') || !has('readSync')) return ctx.skip();
    const r = rngFor(name);
    const owned: Tensor[] = [];
    try {
      const [fn, inputs] = build(r, makeInputs(r, owned));
      expect(gradcheck(fn, inputs)).toBe(true);
    } finally {
      for (const t of owned) t.dispose();
    }
  });
}

/** `gradcheckTest` of a case written in place, for a tensor method that has no fixture. */
export function gradcheckIt(name: string, build: GradcheckCase['build']): void {
  gradcheckTest(gradcheckCase(name, build));
}
