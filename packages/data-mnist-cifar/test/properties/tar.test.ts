import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTar, type TarEntry } from '../../src/index.ts';
import { withLongNames, writeTar, type TarMember } from '../helpers/tar-writer.ts';
import { attempt, expectClearError, mutate, runs, timeoutFor } from './fuzz.ts';

const BLOCK = 512;
const nameChars = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_-./'.split(''), 'é', '猫');

/** Regular files (and a few directories, which readTar skips) with names up to 250 characters. */
const archives = fc
  .record({
    style: fc.constantFrom('pax' as const, 'gnu' as const),
    members: fc.array(
      fc.record({
        name: fc.string({ unit: nameChars, minLength: 1, maxLength: 250 }),
        data: fc.uint8Array({ maxLength: 1200 }),
        type: fc.constantFrom('0', '0', '0', '5'),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  })
  .map(({ style, members }) => {
    const files = members.map((m) => (m.type === '5' ? { ...m, data: new Uint8Array(0) } : m));
    return { files, members: withLongNames(files, style) };
  });

describe('readTar properties', () => {
  it(
    'reads back the name and bytes of every regular file, long names included',
    () => {
      fc.assert(
        fc.property(archives, ({ files, members }) => {
          expect(readTar(writeTar(members)).map(plain)).toEqual(files.filter((f) => f.type === '0').map(plain));
        }),
        runs(),
      );
    },
    timeoutFor(5),
  );

  it(
    'after one changed byte, gives the result the archive layout predicts, or throws a clear error',
    () => {
      fc.assert(
        fc.property(archives, fc.nat(), fc.integer({ min: 1, max: 255 }), ({ members }, where, delta) => {
          const original = writeTar(members);
          const at = where % original.length;
          const { bytes } = mutate(original, [{ index: at, value: (original[at]! + delta) & 255 }]);
          const outcome = attempt(() => readTar(bytes));
          const expected = readTar(original).map(plain);
          const region = regionOf(members, at);
          switch (region.kind) {
            case 'header':
              // Any header byte but the checksum field's changes the checksum; inside it, a value
              // written differently (a space for a NUL) may still read the same.
              if (region.offset >= 148 && region.offset < 156 && outcome.ok) expect(outcome.value.map(plain)).toEqual(expected);
              else expectClearError(outcome, 'readTar');
              return;
            case 'data': {
              expect(outcome.ok).toBe(true);
              if (!outcome.ok) return;
              expected[region.fileIndex]!.data[region.offset] = bytes[at]!;
              expect(outcome.value.map(plain)).toEqual(expected);
              return;
            }
            case 'long-name':
              // The name of the next file changes (or, for a pax record, may no longer parse);
              // the files, their sizes and bytes stay where they were.
              if (!outcome.ok) return expectClearError(outcome, 'readTar');
              expect(outcome.value.map((e) => e.data)).toEqual(expected.map((e) => Uint8Array.from(e.data)));
              return;
            case 'end-marker':
              return expectClearError(outcome, 'readTar');
            case 'ignored':
              expect(outcome.ok && outcome.value.map(plain)).toEqual(expected);
          }
        }),
        runs(3),
      );
    },
    timeoutFor(5, 3),
  );

  it(
    'reads an archive cut anywhere after its end-of-archive marker in full, and throws a clear error before it',
    () => {
      fc.assert(
        fc.property(archives, fc.nat(), ({ members }, where) => {
          const original = writeTar(members);
          const cut = where % original.length;
          const outcome = attempt(() => readTar(original.subarray(0, cut)));
          const markerEnd = original.length - BLOCK; // the writer ends with two zero blocks
          if (cut >= markerEnd) expect(outcome.ok && outcome.value.map(plain)).toEqual(readTar(original).map(plain));
          else expectClearError(outcome, 'readTar');
        }),
        runs(),
      );
    },
    timeoutFor(5),
  );
});

type Region =
  | { kind: 'header'; offset: number }
  | { kind: 'data'; fileIndex: number; offset: number }
  | { kind: 'long-name' }
  | { kind: 'end-marker' }
  | { kind: 'ignored' };

/** What the byte at `at` of writeTar(members) is: the layout is header, data, padding to 512, ..., two zero blocks. */
function regionOf(members: readonly TarMember[], at: number): Region {
  let start = 0;
  let fileIndex = 0;
  for (const { data, type = '0' } of members) {
    if (at < start + BLOCK) return { kind: 'header', offset: at - start };
    const offset = at - start - BLOCK;
    if (offset < data.length) {
      if (type === '0') return { kind: 'data', fileIndex, offset };
      if (type === 'x' || type === 'L') return { kind: 'long-name' };
      return { kind: 'ignored' };
    }
    if (type === '0') fileIndex++;
    start += BLOCK + Math.ceil(data.length / BLOCK) * BLOCK;
    if (at < start) return { kind: 'ignored' }; // padding after the data
  }
  return at < start + BLOCK ? { kind: 'end-marker' } : { kind: 'ignored' };
}

function plain(entry: TarEntry | TarMember): { name: string; data: number[] } {
  return { name: entry.name, data: Array.from(entry.data) };
}
