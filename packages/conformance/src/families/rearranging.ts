import { expect, it } from 'vitest';
import { cat, chunk, flip, memory, repeat, roll, split, stack, tensor, tidy, zeros, type Tensor } from '@stride/core-tensor';
import { disposing } from '../harness/disposing.js';
import { disposedInputCase, errorCase } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile, type FixtureArgs } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import rearrangingFixtures from '../../fixtures/rearranging.json' with { type: 'json' };

/** Joining (cat, stack), cutting (chunk, split: views) and reordering (flip, roll, repeat). */
export const rearranging = {
  title: 'joining, splitting and reordering',
  fixtures: [fixtureFile(rearrangingFixtures)],
  ops: {
    cat: {
      fixture: (t, o) => cat(listed(t), o.dim as number),
      gradcheck: [
        gradcheckCase('cat along a negative dim, in every input', (r, g) => {
          const [m, n] = [r.odd(1, 3), r.int(2, 3)];
          return [(a, b) => cat([a, b], -2), [g.normal([m, r.int(1, 3), n]), g.normal([m, 2, n])]];
        }),
      ],
      errors: [
        errorCase('cat of no tensors says the list is empty', () => {
          expect(() => cat([])).toThrow(/^cat: expected a non-empty list of tensors/);
        }),
        errorCase('cat of [2, 3] and [2, 4] along dim 0 names both shapes and the dim', (own) => {
          const [a, b] = [own(zeros([2, 3])), own(zeros([2, 4]))];
          expect(() => cat([a, b], 0)).toThrow(
            /^cat: tensors\[1\] has shape \[2, 4\] but tensors\[0\] has \[2, 3\]; all must match except in dimension 0/,
          );
        }),
        errorCase('cat along dim -3 of 2-D tensors names dim and the range', (own) => {
          const [a, b] = [own(zeros([2, 3])), own(zeros([2, 3]))];
          expect(() => cat([a, b], -3)).toThrow(/^cat: dim is -3 but must be an integer in \[-2, 1\] for a tensor of rank 2/);
        }),
        errorCase('cat with a disposed tensor names it', (own) => {
          const a = own(zeros([2]));
          const b = zeros([3]);
          b.dispose();
          expect(() => cat([a, b])).toThrow(/^cat: tensors\[1\] was disposed \(shape \[3\], float32\)/);
        }),
      ],
    },
    stack: {
      fixture: (t, o) => stack(listed(t), o.dim as number),
      gradcheck: [
        gradcheckCase('stack along the new last dim, in every input', (r, g) => {
          const shape = r.shape(2);
          return [(a, b, c) => stack([a, b, c], -1), [g.normal(shape), g.normal(shape), g.normal(shape)]];
        }),
      ],
      errors: [
        errorCase('stack of no tensors says the list is empty', () => {
          expect(() => stack([])).toThrow(/^stack: expected a non-empty list of tensors/);
        }),
        errorCase('stack of [2, 3] and [3, 2] names both shapes', (own) => {
          const [a, b] = [own(zeros([2, 3])), own(zeros([3, 2]))];
          expect(() => stack([a, b])).toThrow(/^stack: tensors\[1\] has shape \[3, 2\] but tensors\[0\] has \[2, 3\] \(expected equal\)/);
        }),
        errorCase('stack along dim 3 of 2-D tensors names dim and the range for the new rank', (own) => {
          const a = own(zeros([2, 3]));
          expect(() => stack([a, a], 3)).toThrow(/^stack: dim is 3 but must be an integer in \[-3, 2\] for a tensor of rank 3/);
        }),
      ],
    },
    chunk: {
      fixture: (t, o) => joinedScaled(chunk(arg(t, 'x'), o.chunks as number, o.dim as number), o.dim as number),
      gradcheck: [
        gradcheckCase('chunk into uneven pieces along a random dim', (r, g) => {
          const shape = r.shape(3);
          const dim = r.int(-3, 2);
          return [(x) => joinedScaled(chunk(x, 2, dim), dim), [g.normal(shape)]];
        }),
      ],
      errors: [
        disposedInputCase('chunk', (x) => chunk(x, 2)),
        errorCase('chunk into 0 pieces names chunks and the value', (own) => {
          const x = own(zeros([4]));
          expect(() => chunk(x, 0)).toThrow(/^chunk: chunks must be a positive integer but got 0/);
        }),
        errorCase('chunk of a 0-d tensor says it needs a dimension', (own) => {
          const x = own(zeros([]));
          expect(() => chunk(x, 2)).toThrow(/^chunk: input is 0-d \(expected a tensor with at least one dimension\)/);
        }),
      ],
    },
    split: {
      fixture: (t, o) => joinedScaled(split(arg(t, 'x'), o.sizeOrSections as number | number[], o.dim as number), o.dim as number),
      gradcheck: [
        gradcheckCase('split into sections along the last dim', (r, g) => {
          const n = r.int(3, 5);
          return [(x) => joinedScaled(split(x, [1, n - 2, 1], -1), -1), [g.normal([r.odd(1, 3), n])]];
        }),
      ],
      errors: [
        errorCase('split into sections that do not sum to the size names the sections and the size', (own) => {
          const x = own(zeros([5, 2]));
          expect(() => split(x, [2, 2])).toThrow(
            /^split: sections \[2, 2\] must be non-negative integers that sum to 5, the size of dimension 0 \(they sum to 4\)/,
          );
        }),
        errorCase('split with size 0 of a non-empty dim names the size and the dim', (own) => {
          const x = own(zeros([3, 5]));
          expect(() => split(x, 0, 1)).toThrow(/^split: split size is 0 but dimension 1 has size 5/);
        }),
        errorCase('split with a negative size names the size', (own) => {
          const x = own(zeros([4]));
          expect(() => split(x, -2)).toThrow(/^split: split size must be a non-negative integer but got -2/);
        }),
      ],
    },
    flip: {
      fixture: (t, o) => flip(arg(t, 'x'), o.dims as number[]),
      gradcheck: [gradcheckCase('flip of two dims, one negative', (r, g) => [(x) => flip(x, [0, -1]), [g.normal(r.shape(3))]])],
      errors: [
        disposedInputCase('flip', (x) => flip(x, 0)),
        errorCase('flip naming a dim twice names dims and the dim', (own) => {
          const x = own(zeros([2, 3]));
          expect(() => flip(x, [0, -2])).toThrow(/^flip: dims \[0, -2\] name dimension 0 more than once \(expected distinct dims\)/);
        }),
        errorCase('flip of dim 2 of a 2-D tensor names dims and the range', (own) => {
          const x = own(zeros([2, 3]));
          expect(() => flip(x, [2])).toThrow(/^flip: dims is 2 but must be an integer in \[-2, 1\] for a tensor of rank 2/);
        }),
      ],
    },
    roll: {
      fixture: (t, o) => roll(arg(t, 'x'), o.shifts as number | number[], o.dims as number | number[] | undefined),
      gradcheck: [
        gradcheckCase('roll along two dims, one shift negative', (r, g) => [(x) => roll(x, [2, -1], [0, 2]), [g.normal(r.shape(3))]]),
        gradcheckCase('roll of the flattened input', (r, g) => [(x) => roll(x, 3), [g.normal(r.shape(2))]]),
      ],
      errors: [
        disposedInputCase('roll', (x) => roll(x, 1, 0)),
        errorCase('roll with more shifts than dims names both', (own) => {
          const x = own(zeros([2, 3]));
          expect(() => roll(x, [1, 2], [0])).toThrow(
            /^roll: shifts \[1, 2\] has 2 entries but dims \[0\] has 1 \(expected one shift per dim\)/,
          );
        }),
        errorCase('roll of the flattened input with two shifts names shifts', (own) => {
          const x = own(zeros([2, 3]));
          expect(() => roll(x, [1, 2])).toThrow(/^roll: shifts \[1, 2\] has 2 entries but no dims were given \(expected 1 shift\)/);
        }),
      ],
    },
    repeat: {
      fixture: (t, o) => repeat(arg(t, 'x'), o.sizes as number[]),
      gradcheck: [
        gradcheckCase('repeat with a new leading dim', (r, g) => {
          const sizes = [2, 1, r.int(2, 3)];
          return [(x) => repeat(x, sizes), [g.normal(r.shape(2))]];
        }),
      ],
      errors: [
        disposedInputCase('repeat', (x) => repeat(x, [2])),
        errorCase('repeat with fewer sizes than dims names sizes and the shape', (own) => {
          const x = own(zeros([2, 3]));
          expect(() => repeat(x, [2])).toThrow(/^repeat: sizes \[2\] has 1 entries but input has shape \[2, 3\] \(expected at least 2\)/);
        }),
        errorCase('repeat with a negative size names sizes', (own) => {
          const x = own(zeros([2]));
          expect(() => repeat(x, [-1])).toThrow(/^repeat: sizes must be non-negative integers but got -1/);
        }),
      ],
    },
  },
  tests: () => {
    it('chunk and split give views of the input, not copies', () =>
      disposing(async (own) => {
        const x = own(tensor([1, 2, 3, 4, 5, 6, 7], [7]));
        const before = memory().numBytes;
        const pieces = chunk(x, 3).map(own);
        expect(memory().numBytes).toBe(before);
        expect(pieces.map((p) => p.shape)).toEqual([[3], [3], [1]]);
        expect(Array.from(await pieces[2]!.data())).toEqual([7]);
        expect(
          split(x, 7)
            .map(own)
            .map((p) => p.shape),
        ).toEqual([[7]]);
      }));

    it('cat promotes mixed dtypes as torch.cat does', () =>
      disposing(async (own) => {
        const a = own(tensor([1, 2], [2], { dtype: 'int32' }));
        const b = own(tensor([0.5]));
        const c = own(cat([a, b]));
        expect(c.dtype).toBe('float32');
        expect(Array.from(await c.data())).toEqual([1, 2, 0.5]);
      }));

    it('the Tensor methods are the functions', () =>
      disposing(async (own) => {
        const x = own(tensor([1, 2, 3, 4, 5, 6], [2, 3]));
        const pairs = tidy(() => [
          [joinedScaled(x.chunk(2, 1), 1), joinedScaled(chunk(x, 2, 1), 1)],
          [joinedScaled(x.split([1, 2], -1), -1), joinedScaled(split(x, [1, 2], -1), -1)],
          [x.flip(0, 1), flip(x, [0, 1])],
          [x.roll(1, 1), roll(x, 1, 1)],
          [x.repeat(2, 1), repeat(x, [2, 1])],
        ]);
        for (const [method, fn] of pairs) {
          expect(method!.shape).toEqual(fn!.shape);
          expect(Array.from(await own(method!).data())).toEqual(Array.from(await own(fn!).data()));
        }
      }));
  },
} satisfies Family;

/** The fixture's tensors a, b, c that are present, in order. */
function listed(t: FixtureArgs): Tensor[] {
  return ['a', 'b', 'c'].map((n) => t[n]).filter((x): x is Tensor => x !== undefined);
}

/** The pieces joined back, each scaled by its position (1, 2, …), as the fixtures store them. */
function joinedScaled(pieces: Tensor[], dim: number): Tensor {
  return cat(
    pieces.map((p, i) => p.mul(i + 1)),
    dim,
  );
}
