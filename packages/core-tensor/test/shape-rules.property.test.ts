import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { broadcastShapes } from '../src/shape.js';
import { checkShape, checkSize } from '../src/shape-checks.js';
import { convGeometry } from '../src/functional/conv-geometry.js';
import { poolGeometry } from '../src/functional/pool-geometry.js';
import type { Tensor } from '../src/tensor.js';

// Fixed seed and a bounded run in `npm test`; FUZZ_RUNS=100000 npm run fuzz runs longer.
const runs = { seed: 12, numRuns: Number(process.env.FUZZ_RUNS ?? 300) };
/** The geometry functions read only shapes, so a shape stands in for a tensor. */
const shaped = (shape: number[]) => ({ shape, ndim: shape.length }) as unknown as Tensor;
const dim = fc.integer({ min: 0, max: 6 });

describe('broadcasting (property-based)', () => {
  it('agrees with NumPy’s rule: sizes equal or 1, aligned from the right', () => {
    fc.assert(
      fc.property(fc.array(dim, { maxLength: 5 }), fc.array(dim, { maxLength: 5 }), (a, b) => {
        const rank = Math.max(a.length, b.length);
        const at = (s: number[], i: number) => s[s.length - rank + i] ?? 1;
        const ok = Array.from({ length: rank }, (_, i) => at(a, i) === at(b, i) || at(a, i) === 1 || at(b, i) === 1).every(Boolean);
        if (!ok) {
          expect(() => broadcastShapes('add', a, b)).toThrow(/^add: shapes .* do not broadcast/);
          return;
        }
        const expected = Array.from({ length: rank }, (_, i) => (at(a, i) === 1 ? at(b, i) : at(a, i)));
        expect(broadcastShapes('add', a, b)).toEqual(expected);
        expect(broadcastShapes('add', b, a)).toEqual(expected);
      }),
      runs,
    );
  });
});

describe('shape and size checks (property-based)', () => {
  const anyNumber = fc.oneof(fc.integer({ min: -5, max: 1e9 }), fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, 2.5, -0));
  it('checkShape accepts exactly arrays of non-negative integers', () => {
    fc.assert(
      fc.property(fc.array(anyNumber, { maxLength: 6 }), (shape) => {
        const valid = shape.every((d) => Number.isInteger(d) && d >= 0);
        if (valid) expect(checkShape('zeros', shape)).toBe(shape);
        else
          expect(() => checkShape('zeros', shape)).toThrow(
            /^zeros: size \[.*\] has dimension \d+ = .* \(expected a non-negative integer\)$/,
          );
      }),
      runs,
    );
  });

  it('checkSize accepts exactly integers in its range', () => {
    fc.assert(
      fc.property(anyNumber, fc.integer({ min: 0, max: 3 }), (v, min) => {
        if (Number.isSafeInteger(v) && v >= min) expect(checkSize('eye', 'n', v, min)).toBe(v);
        else expect(() => checkSize('eye', 'n', v, min)).toThrow(`eye: n must be an integer ≥ ${min} but got ${v}`);
      }),
      runs,
    );
  });
});

describe('convolution and pooling output sizes (property-based)', () => {
  const geometry = fc.record({
    size: fc.integer({ min: 1, max: 40 }),
    kernel: fc.integer({ min: 1, max: 7 }),
    stride: fc.integer({ min: 1, max: 4 }),
    padding: fc.integer({ min: 0, max: 4 }),
    dilation: fc.integer({ min: 1, max: 3 }),
  });

  it('conv2d gives ⌊(in + 2p − d(k−1) − 1)/s⌋ + 1, or names the kernel that does not fit', () => {
    fc.assert(
      fc.property(geometry, ({ size, kernel, stride, padding, dilation }) => {
        const x = shaped([2, 3, size, size + 1]);
        const w = shaped([4, 3, kernel, kernel]);
        const span = size + 2 * padding - dilation * (kernel - 1) - 1;
        if (span < 0) {
          expect(() => convGeometry('conv2d', 2, x, w, { stride, padding, dilation })).toThrow(
            /^conv2d: kernel size \[\d+, \d+\] with dilation .* spans/,
          );
          return;
        }
        const g = convGeometry('conv2d', 2, x, w, { stride, padding, dilation });
        expect(g.outSize[1]).toBe(Math.floor(span / stride) + 1);
      }),
      runs,
    );
  });

  it('maxPool2d gives PyTorch’s size in floor and ceil mode, each window starting inside the padded input', () => {
    fc.assert(
      fc.property(geometry, fc.boolean(), ({ size, kernel, stride, padding, dilation }, ceilMode) => {
        fc.pre(2 * padding <= kernel);
        const x = shaped([1, 2, size, size]);
        const span = size + 2 * padding - dilation * (kernel - 1) - 1;
        let out = Math.floor((span + (ceilMode ? stride - 1 : 0)) / stride) + 1;
        if (ceilMode && (out - 1) * stride >= size + padding) out--;
        const opts = { kernelSize: kernel, stride, padding, dilation, ceilMode };
        if (out < 1) {
          expect(() => poolGeometry('maxPool2d', x, opts)).toThrow(/^maxPool2d: kernel size .* is larger than the padded input/);
          return;
        }
        const g = poolGeometry('maxPool2d', x, opts);
        expect(g.outSize).toEqual([out, out]);
        // The last window starts inside the input or its left padding, never in the right padding alone.
        expect((out - 1) * stride).toBeLessThan(size + padding);
      }),
      runs,
    );
  });
});
