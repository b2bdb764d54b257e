import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCifarBatch, type CifarBatch } from '../../src/index.ts';
import { attempt, expectClearError, mutate, mutations, runs, timeoutFor } from './fuzz.ts';

const PIXELS = 3072;

/** Valid records of either variant: labels in range and random pixels. */
const batches = fc.constantFrom(10 as const, 100 as const).chain((variant) =>
  fc
    .record({
      variant: fc.constant(variant),
      fine: fc.array(fc.integer({ min: 0, max: variant - 1 }), { minLength: 1, maxLength: 3 }),
      seed: fc.nat(),
    })
    .chain(({ fine, seed }) =>
      fc.record({
        variant: fc.constant(variant),
        fine: fc.constant(fine),
        coarse: fc.array(fc.integer({ min: 0, max: 19 }), { minLength: fine.length, maxLength: fine.length }),
        images: fc.constant(pixels(fine.length, seed)),
      }),
    ),
);

/** Mutations aimed at label bytes: `index` >> 1 picks the record, its low bit the coarse or fine byte. */
const labelMutations = fc.array(fc.record({ index: fc.nat({ max: 5 }), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 2 });

type Records = { variant: 10 | 100; fine: number[]; coarse: number[]; images: Uint8Array };

describe('parseCifarBatch properties', () => {
  it(
    'reads back the labels and pixels of every valid file',
    () => {
      fc.assert(
        fc.property(batches, (records) => {
          expect(plain(parseCifarBatch(encode(records), { variant: records.variant }))).toEqual(plain(expectedBatch(records)));
        }),
        runs(),
      );
    },
    timeoutFor(5),
  );

  it(
    'gives each mutated byte to its own label or pixel, or throws a clear error for a label out of range',
    () => {
      fc.assert(
        fc.property(batches, mutations(), labelMutations, (records, anywhere, onLabels) => {
          const labelBytes = records.variant === 10 ? 1 : 2;
          // Random positions mostly hit pixels, so label bytes get mutations of their own.
          const targeted = onLabels.map(({ index, value }) => ({
            index: (index >> 1) * (labelBytes + PIXELS) + ((index & 1) % labelBytes),
            value,
          }));
          const { bytes, changed } = mutate(encode(records), [...anywhere, ...targeted]);
          const outcome = attempt(() => parseCifarBatch(bytes, { variant: records.variant }));
          const expected = expectedBatch(records);
          // Where each changed byte lands: a coarse label, a fine label or a pixel of its record.
          for (const at of changed) {
            const record = Math.floor(at / (labelBytes + PIXELS));
            const offset = at % (labelBytes + PIXELS);
            if (offset >= labelBytes) expected.images[record * PIXELS + offset - labelBytes] = bytes[at]!;
            else if (offset === labelBytes - 1) expected.labels[record] = bytes[at]!;
            else expected.coarseLabels![record] = bytes[at]!;
          }
          const inRange = expected.labels.every((l) => l < records.variant) && (expected.coarseLabels?.every((l) => l < 20) ?? true);
          if (!inRange) return expectClearError(outcome, 'parseCifarBatch');
          expect(outcome.ok && plain(outcome.value)).toEqual(plain(expected));
        }),
        runs(),
      );
    },
    timeoutFor(5),
  );

  it(
    'reads a truncated file as its whole records, or throws a clear error',
    () => {
      fc.assert(
        fc.property(batches, fc.nat(), (records, cut) => {
          const bytes = encode(records);
          const kept = bytes.subarray(0, cut % bytes.length);
          const record = (records.variant === 10 ? 1 : 2) + PIXELS;
          const outcome = attempt(() => parseCifarBatch(kept, { variant: records.variant }));
          if (kept.length === 0 || kept.length % record !== 0) return expectClearError(outcome, 'parseCifarBatch');
          const whole = kept.length / record;
          const prefix = {
            ...records,
            fine: records.fine.slice(0, whole),
            coarse: records.coarse.slice(0, whole),
            images: records.images.slice(0, whole * PIXELS),
          };
          expect(outcome.ok && plain(outcome.value)).toEqual(plain(expectedBatch(prefix)));
        }),
        runs(),
      );
    },
    timeoutFor(5),
  );
});

/** The records in the CIFAR binary layout: [coarse,] label, 3072 pixels, record after record. */
function encode({ variant, fine, coarse, images }: Records): Uint8Array {
  const labelBytes = variant === 10 ? 1 : 2;
  const out = new Uint8Array(fine.length * (labelBytes + PIXELS));
  fine.forEach((label, i) => {
    const at = i * (labelBytes + PIXELS);
    if (variant === 100) out[at] = coarse[i]!;
    out[at + labelBytes - 1] = label;
    out.set(images.subarray(i * PIXELS, (i + 1) * PIXELS), at + labelBytes);
  });
  return out;
}

function expectedBatch({ variant, fine, coarse, images }: Records): CifarBatch {
  const base = { images: images.slice(), labels: Uint8Array.from(fine), length: fine.length };
  return variant === 100 ? { ...base, coarseLabels: Uint8Array.from(coarse) } : base;
}

/** Arrays instead of typed arrays, so toEqual compares contents and reports differences readably. */
function plain(batch: CifarBatch): Record<string, unknown> {
  return {
    ...batch,
    images: Array.from(batch.images),
    labels: Array.from(batch.labels),
    coarseLabels: batch.coarseLabels && Array.from(batch.coarseLabels),
  };
}

function pixels(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n * PIXELS);
  let state = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}
