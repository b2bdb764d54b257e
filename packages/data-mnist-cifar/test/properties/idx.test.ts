import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIdx } from '../../src/index.ts';
import { idxBytes } from '../helpers/files.ts';
import { attempt, expectClearError, mutate, mutations, runs, timeoutFor } from './fuzz.ts';

/** Up to 4 dims of up to 9 (at most 9^4 bytes), and the bytes themselves. */
const smallArray = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 4 })
  .chain((dims) => fc.tuple(fc.constant(dims), fc.uint8Array({ minLength: product(dims), maxLength: product(dims) })));

/** Empty arrays with 34 or more other dims near 2^32: their product overflows a double to Infinity, and Infinity * 0 is NaN. */
const hugeEmptyDims = fc
  .tuple(fc.array(fc.constantFrom(0xffffffff, 0xfffffffe, 2 ** 31 + 1), { minLength: 34, maxLength: 60 }), fc.nat())
  .map(([dims, at]) => [...dims.slice(0, at % (dims.length + 1)), 0, ...dims.slice(at % (dims.length + 1))]);

describe('parseIdx properties', () => {
  it('reads back the dims and bytes of every valid file', () => {
    fc.assert(
      fc.property(smallArray, ([dims, data]) => {
        const parsed = parseIdx(idxBytes(dims, data));
        expect(parsed.dims).toEqual(dims);
        expect(Buffer.compare(parsed.data, data)).toBe(0);
      }),
      runs(),
    );
  });

  it('reads every empty file, whatever its other dims', () => {
    fc.assert(
      fc.property(hugeEmptyDims, (dims) => {
        const parsed = parseIdx(idxBytes(dims, []));
        expect([parsed.dims, parsed.data.length]).toEqual([dims, 0]);
      }),
      runs(),
    );
  });

  it(
    'parses a mutated or truncated file exactly as the format defines, or throws a clear error',
    () => {
      fc.assert(
        fc.property(smallArray, mutations(), fc.option(fc.nat()), ([dims, data], changes, cut) => {
          let { bytes } = mutate(idxBytes(dims, data), changes);
          if (cut !== null) bytes = bytes.subarray(0, cut % (bytes.length + 1));
          const outcome = attempt(() => parseIdx(bytes));
          const expected = idxSpec(bytes);
          if (expected === null) return expectClearError(outcome, 'parseIdx');
          expect(outcome.ok).toBe(true);
          if (!outcome.ok) return;
          expect(outcome.value.dims).toEqual(expected.dims);
          expect(outcome.value.data.byteOffset - bytes.byteOffset).toBe(expected.dataStart);
          expect(outcome.value.data.length).toBe(bytes.length - expected.dataStart);
        }),
        runs(2),
      );
    },
    timeoutFor(2, 2),
  );
});

/**
 * The IDX format as LeCun defines it, read independently of the parser: 00 00 08 <rank>,
 * rank big-endian uint32 dims, then exactly their product of bytes. Null when invalid.
 */
function idxSpec(bytes: Uint8Array): { dims: number[]; dataStart: number } | null {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 8 || bytes[3] === 0) return null;
  const rank = bytes[3]!;
  const dataStart = 4 + 4 * rank;
  if (bytes.length < dataStart) return null;
  const dims = Array.from(
    { length: rank },
    (_, d) => bytes[4 + 4 * d]! * 2 ** 24 + (bytes[5 + 4 * d]! << 16) + (bytes[6 + 4 * d]! << 8) + bytes[7 + 4 * d]!,
  );
  const size = dims.reduce((n, d) => n * BigInt(d), 1n);
  return size === BigInt(bytes.length - dataStart) ? { dims, dataStart } : null;
}

function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}
