import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzip, readTar } from '../src/index.ts';
import { paxRecord, writeTar } from './helpers/tar-writer.ts';

// Written by fixtures/gen_tar.py with Python's tarfile; tar.json lists their regular files.
const expected = JSON.parse(readFileSync(new URL('./fixtures/tar.json', import.meta.url), 'utf8')) as {
  name: string;
  size: number;
  sha256: string;
}[];
const fixture = (format: string) => new Uint8Array(readFileSync(new URL(`./fixtures/tar-${format}.tar.gz`, import.meta.url)));
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('readTar', () => {
  for (const format of ['ustar', 'gnu', 'pax']) {
    it(`lists the regular files of a ${format} archive, long names included, skipping directories and links`, async () => {
      const entries = readTar(await gunzip(fixture(format)));
      expect(entries.map((e) => ({ name: e.name, size: e.data.length, sha256: sha256(e.data) }))).toEqual(expected);
    });
  }

  it('rejects a header whose checksum does not match', () => {
    const tar = writeTar([{ name: 'a.bin', data: new Uint8Array([1, 2, 3]) }]);
    tar[0] = 'b'.charCodeAt(0);
    expect(() => readTar(tar)).toThrow(/readTar: header at byte 0 has checksum \d+ but its bytes sum to \d+/);
  });

  it('rejects an archive truncated inside a file', () => {
    const tar = writeTar([{ name: 'a.bin', data: new Uint8Array(1000) }]).subarray(0, 512 + 600);
    expect(() => readTar(tar)).toThrow(
      'readTar: entry at byte 0 declares 1000 bytes but the archive ends 600 bytes after its header (truncated)',
    );
  });

  it('rejects an archive that ends between two files, before its end-of-archive marker', () => {
    const tar = writeTar([
      { name: 'a.bin', data: new Uint8Array(600) },
      { name: 'b.bin', data: new Uint8Array(1) },
    ]).subarray(0, 512 + 1024);
    expect(() => readTar(tar)).toThrow(
      'readTar: the archive ends at byte 1536 without its end-of-archive marker (a zero block at byte 1536); it is truncated or not a tar archive',
    );
  });

  it('reads what the test archive writer writes, in order', async () => {
    const files = [
      { name: 'x/one.bin', data: new Uint8Array([7]) },
      { name: 'x/two.bin', data: new Uint8Array(513).fill(2) },
    ];
    const entries = readTar(await gunzip(new Uint8Array(gzipSync(writeTar(files)))));
    expect(entries.map((e) => [e.name, e.data.length, e.data[0]])).toEqual([
      ['x/one.bin', 1, 7],
      ['x/two.bin', 513, 2],
    ]);
  });
});

describe('readTar: pax records', () => {
  const encode = (text: string) => new TextEncoder().encode(text);
  /** An archive of one file, 'short.bin', preceded by a pax header holding `records`. */
  const withPax = (records: string | Uint8Array) =>
    writeTar([
      { name: 'PaxHeaders/short.bin', data: typeof records === 'string' ? encode(records) : records, type: 'x' },
      { name: 'short.bin', data: new Uint8Array([1, 2, 3]) },
    ]);

  it('takes the path among other keys, ignoring linkpath and keys that only start with path', () => {
    const records =
      paxRecord('mtime', '1700000000.5') +
      paxRecord('linkpath', 'not/this') +
      paxRecord('path', 'dir/long é name.bin') +
      paxRecord('pathx', 'nor/this');
    expect(readTar(withPax(records)).map((e) => [e.name, e.data.length])).toEqual([['dir/long é name.bin', 3]]);
  });

  it('reads a 1 MiB path record exactly', () => {
    const path = `${'d/'.repeat(1000)}${'x'.repeat((1 << 20) - 2000)}`;
    const [entry] = readTar(withPax(paxRecord('path', path)));
    expect(entry!.name.length).toBe(path.length);
    expect(entry!.name === path).toBe(true);
  });

  it('reads 20000 small records, the last path winning', () => {
    const records = Array.from({ length: 20000 }, (_, i) => paxRecord('path', `p${i}`)).join('');
    expect(readTar(withPax(records))[0]!.name).toBe('p19999');
  });

  it('rejects a length of 65535 leading zeros (which the old parser re-read once per digit)', () => {
    expect(() => readTar(withPax(`${'0'.repeat(65535)}1 `))).toThrow(
      'readTar: pax header at byte 0 has a malformed record at offset 0 of its 65537 bytes: expected a decimal length then a space',
    );
  });

  it('rejects a record whose declared end is not a newline', () => {
    expect(() => readTar(withPax(`${paxRecord('path', 'a')}9 path=bc\n`))).toThrow(
      /malformed record at offset 9 of its 19 bytes: the byte at its declared end \(length 9\) is not a newline/,
    );
  });

  it('rejects a record longer than the header', () => {
    expect(() => readTar(withPax('99 path=a\n'))).toThrow(
      /offset 0 of its 10 bytes: its length 99 does not fit between its key and the end of the header/,
    );
  });

  it('rejects a record without key=value', () => {
    expect(() => readTar(withPax('8 path\n\n'))).toThrow(/offset 0 of its 8 bytes: expected 'key=value'/);
    expect(() => readTar(withPax('6 =ab\n'))).toThrow(/expected 'key=value'/);
  });

  it('stops at NUL padding after the last record', () => {
    const records = new Uint8Array(600);
    records.set(encode(paxRecord('path', 'padded.bin')));
    expect(readTar(withPax(records))[0]!.name).toBe('padded.bin');
  });
});
