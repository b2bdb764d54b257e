import { expect, it } from 'vitest';
import { functional as F, manualSeed, rand, randn, tensor, zeros, type Tensor } from '@stride/core-tensor';
import { errorCase } from '../harness/errors.js';
import type { Family } from '../harness/family.js';
import { arg, fixtureFile, type Opts } from '../harness/fixtures.js';
import { gradcheckCase } from '../harness/gradcheck.js';
import adaptiveMaxPool2dFixtures from '../../fixtures/adaptiveMaxPool2d.json' with { type: 'json' };
import maxUnpool2dFixtures from '../../fixtures/maxUnpool2d.json' with { type: 'json' };
import fractionalMaxPool2dFixtures from '../../fixtures/fractionalMaxPool2d.json' with { type: 'json' };

/** Max pooling over placed windows (adaptive, fractional) and its partial inverse, max-unpooling. */
export const poolingIndices = {
  title: 'adaptive, fractional and unpooling',
  fixtures: [fixtureFile(adaptiveMaxPool2dFixtures), fixtureFile(maxUnpool2dFixtures), fixtureFile(fractionalMaxPool2dFixtures)],
  ops: {
    adaptiveMaxPool2d: {
      fixture: (t, o) =>
        F.adaptiveMaxPool2d(arg(t, 'x'), o.outputSize as Opts<typeof F.adaptiveMaxPool2d, 1>, { returnIndices: o.returnIndices === true }),
      gradcheck: [
        gradcheckCase('adaptiveMaxPool2d to a size that does not divide the input (distinct values)', (r, g) => {
          const x = g.distinct([r.int(1, 2), 2, r.int(5, 7), r.int(4, 6)]);
          return [(a) => F.adaptiveMaxPool2d(a, [3, 2]), [x]];
        }),
        gradcheckCase('adaptiveMaxPool2d to a size larger than the input (distinct values)', (r, g) => {
          const x = g.distinct([1, 2, r.int(2, 3), 3]);
          return [(a) => F.adaptiveMaxPool2d(a, [4, 5]), [x]];
        }),
      ],
      errors: [
        errorCase('adaptiveMaxPool2d to an output size of 0 names outputSize', (own) => {
          const x = own(zeros([1, 1, 4, 4]));
          expect(() => F.adaptiveMaxPool2d(x, [2, 0])).toThrow(/^adaptiveMaxPool2d: outputSize must be positive integers but got \[2, 0\]/);
        }),
        errorCase('adaptiveMaxPool2d of a 2-D input names the layouts', (own) => {
          const x = own(zeros([4, 4]));
          expect(() => F.adaptiveMaxPool2d(x, 2)).toThrow(
            /^adaptiveMaxPool2d: input must be 4-D \[N, C, H, W\] \(or 3-D unbatched\) but got shape \[4, 4\]/,
          );
        }),
      ],
    },

    maxUnpool2d: {
      fixture: (t, o) => F.maxUnpool2d(arg(t, 'x'), arg(t, 'indices'), o as unknown as Opts<typeof F.maxUnpool2d, 2>),
      gradcheck: [
        gradcheckCase('maxUnpool2d to distinct positions, with padding and an outputSize', (r, g) => {
          // Distinct positions per plane: with a position named twice, the losing value has no effect on
          // the output, yet (as in PyTorch) still gets the gradient there, which finite differences cannot see.
          const shape = [r.int(1, 2), 2, 4, r.int(3, 4)];
          const [outH, outW] = [7, 2 * shape[3]! - 1];
          const planes = shape[0]! * shape[1]!;
          const count = shape[2]! * shape[3]!;
          const positions: number[] = [];
          for (let p = 0; p < planes; p++) positions.push(...shuffled(outH * outW, r.next).slice(0, count));
          const opts = { kernelSize: 3, stride: 2, padding: 1, outputSize: [outH, outW] };
          const x = g.normal(shape);
          return [(a) => F.maxUnpool2d(a, tensor(Int32Array.from(positions), shape, { dtype: 'int32' }), opts), [x]];
        }),
      ],
      errors: [
        errorCase('maxUnpool2d with indices of another shape names both shapes', (own) => {
          const x = own(zeros([1, 2, 2, 2]));
          const indices = own(zeros([1, 1, 2, 2], { dtype: 'int32' }));
          expect(() => F.maxUnpool2d(x, indices, { kernelSize: 2 })).toThrow(
            /^maxUnpool2d: indices has shape \[1, 1, 2, 2\] but input has shape \[1, 2, 2, 2\] \(expected the same shape\)/,
          );
        }),
        errorCase('maxUnpool2d outputSize too far from the default names the range', (own) => {
          const x = own(zeros([1, 1, 2, 2]));
          const indices = own(zeros([1, 1, 2, 2], { dtype: 'int32' }));
          expect(() => F.maxUnpool2d(x, indices, { kernelSize: 2, outputSize: [4, 6] })).toThrow(
            /^maxUnpool2d: outputSize \[4, 6\] has dim 1 = 6 \(expected between 2 and 6, exclusive\)/,
          );
        }),
        errorCase('maxUnpool2d with float indices names the dtype', (own) => {
          const x = own(zeros([1, 1, 2, 2]));
          expect(() => F.maxUnpool2d(x, own(zeros([1, 1, 2, 2])), { kernelSize: 2 })).toThrow(/^maxUnpool2d: indices/);
        }),
        errorCase(
          'maxUnpool2d with an index outside the output plane names it and the plane',
          (own) => {
            const x = own(zeros([1, 1, 1, 2]));
            const indices = own(tensor([0, 8], [1, 1, 1, 2], { dtype: 'int32' }));
            expect(() => F.maxUnpool2d(x, indices, { kernelSize: 2 })).toThrow(
              /^maxUnpool2d: indices holds 8, outside the output plane of 2×4 \(expected 0 ≤ index < 8\)/,
            );
          },
          { requires: 'readSync' },
        ),
      ],
    },

    fractionalMaxPool2d: {
      fixture: (t, o) =>
        F.fractionalMaxPool2d(arg(t, 'x'), { ...(o as unknown as F.FractionalMaxPoolOptions), randomSamples: o.randomSamples as Tensor }),
      gradcheck: [
        gradcheckCase('fractionalMaxPool2d with given samples (distinct values)', (r, g) => {
          const x = g.distinct([r.int(1, 2), 2, r.int(8, 10), r.int(7, 9)]);
          const samples = g.uniform([x.shape[0]!, 2, 2], 0, 1);
          return [(a) => F.fractionalMaxPool2d(a, { kernelSize: 2, outputSize: [5, 4], randomSamples: samples }), [x]];
        }),
        gradcheckCase('fractionalMaxPool2d by outputRatio, overlapping windows (distinct values)', (r, g) => {
          const x = g.distinct([1, 2, r.int(7, 9), 8]);
          const samples = g.uniform([1, 2, 2], 0, 1);
          return [(a) => F.fractionalMaxPool2d(a, { kernelSize: 3, outputRatio: 0.7, randomSamples: samples }), [x]];
        }),
      ],
      errors: [
        errorCase('fractionalMaxPool2d with neither outputSize nor outputRatio says so', (own) => {
          const x = own(zeros([1, 1, 6, 6]));
          expect(() => F.fractionalMaxPool2d(x, { kernelSize: 2 })).toThrow(/^fractionalMaxPool2d: outputSize or outputRatio is required/);
        }),
        errorCase('fractionalMaxPool2d output too large for the kernel names the sizes', (own) => {
          const x = own(zeros([1, 1, 7, 6]));
          expect(() => F.fractionalMaxPool2d(x, { kernelSize: 3, outputSize: [5, 5] })).toThrow(
            /^fractionalMaxPool2d: kernel width 3 with output width 5 needs an input width of at least 7 \(output \+ kernel − 1\) but got 6/,
          );
        }),
        errorCase('fractionalMaxPool2d randomSamples of the wrong shape names the expected shape', (own) => {
          const x = own(zeros([2, 3, 6, 6]));
          const samples = own(zeros([2, 3]));
          expect(() => F.fractionalMaxPool2d(x, { kernelSize: 2, outputSize: 3, randomSamples: samples })).toThrow(
            /^fractionalMaxPool2d: randomSamples must have shape \[2, 3, 2\] \(\[N, C, 2\]\) but got \[2, 3\]/,
          );
        }),
        errorCase('fractionalMaxPool2d outputRatio outside (0, 1) names it', (own) => {
          const x = own(zeros([1, 1, 6, 6]));
          expect(() => F.fractionalMaxPool2d(x, { kernelSize: 2, outputRatio: 1.5 })).toThrow(
            /^fractionalMaxPool2d: outputRatio must be a number or 2 numbers in \(0, 1\) but got 1.5/,
          );
        }),
      ],
    },
  },
  tests: () => {
    it('fractionalMaxPool2d without randomSamples draws [N, C, 2] from the seeded generator (manualSeed)', async () => {
      const x = randn([2, 3, 9, 8], { seed: 11 });
      const pool = (samples?: Tensor) =>
        F.fractionalMaxPool2d(x, { kernelSize: 2, outputSize: [4, 5], randomSamples: samples, returnIndices: true });
      try {
        manualSeed(5);
        const drawn = pool();
        manualSeed(5);
        const samples = rand([2, 3, 2]);
        const given = pool(samples);
        const other = pool();
        const [a, b, c] = await Promise.all([drawn, given, other].map((r) => r.indices.data()));
        expect(Array.from(a!)).toEqual(Array.from(b!));
        expect(Array.from(a!)).not.toEqual(Array.from(c!));
        for (const t of [drawn, given, other].flatMap((r) => [r.output, r.indices]).concat(samples)) t.dispose();
      } finally {
        x.dispose();
      }
    });
  },
} satisfies Family;

/** 0…n−1 in an order drawn from `next` (Fisher–Yates). */
function shuffled(n: number, next: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
