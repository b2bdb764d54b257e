import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzip, readTar } from '../src/index.ts';
import { writeTar } from './helpers/tar-writer.ts';

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
