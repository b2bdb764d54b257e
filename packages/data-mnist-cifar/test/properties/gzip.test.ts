import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gunzip } from '../../src/index.ts';
import { attemptAsync, expectClearError, mutate, mutations, runs, timeoutFor } from './fuzz.ts';

/** Bytes that compress in different ways: random, runs of one value, and a repeated pattern. */
const payloads = fc.oneof(
  fc.uint8Array({ maxLength: 4000 }),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.nat({ max: 20000 })).map(([v, n]) => new Uint8Array(n).fill(v)),
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 16 }), fc.nat({ max: 500 })).map(([unit, n]) => {
    const out = new Uint8Array(unit.length * n);
    for (let i = 0; i < n; i++) out.set(unit, i * unit.length);
    return out;
  }),
);
const levels = fc.integer({ min: 0, max: 9 });
const compress = (data: Uint8Array, level: number) => new Uint8Array(gzipSync(data, { level }));

describe('gunzip properties', () => {
  it(
    'restores what zlib compressed, at every level',
    async () => {
      await fc.assert(
        fc.asyncProperty(payloads, levels, async (data, level) => {
          expect(Buffer.compare(await gunzip(compress(data, level)), data)).toBe(0);
        }),
        runs(),
      );
    },
    timeoutFor(20),
  );

  it(
    'refuses output past maxBytes and accepts it up to maxBytes',
    async () => {
      await fc.assert(
        fc.asyncProperty(payloads, levels, fc.nat({ max: 25000 }), async (data, level, maxBytes) => {
          const outcome = await attemptAsync(() => gunzip(compress(data, level), { maxBytes }));
          if (data.length > maxBytes) expectClearError(outcome, 'gunzip');
          else expect(outcome.ok && Buffer.compare(outcome.value, data)).toBe(0);
        }),
        runs(),
      );
    },
    timeoutFor(20),
  );

  it(
    'after changed bytes or a cut, restores the original exactly or throws a clear error',
    async () => {
      await fc.assert(
        fc.asyncProperty(payloads, levels, mutations(), fc.option(fc.nat()), async (data, level, changes, cut) => {
          let { bytes } = mutate(compress(data, level), changes);
          if (cut !== null) bytes = bytes.subarray(0, cut % bytes.length);
          const outcome = await attemptAsync(() => gunzip(bytes));
          // The gzip trailer's CRC-32 and length make a changed stream fail, unless the change
          // was to a header byte that does not alter the data (the mtime, the OS code).
          if (!outcome.ok) return expectClearError(outcome, 'gunzip');
          expect(Buffer.compare(outcome.value, data)).toBe(0);
        }),
        runs(2),
      );
    },
    timeoutFor(20, 2),
  );
});
