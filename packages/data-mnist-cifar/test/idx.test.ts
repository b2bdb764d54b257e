import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzip, isGzip, parseIdx } from '../src/index.ts';
import { idxBytes } from './helpers/files.ts';

describe('parseIdx', () => {
  it('reads big-endian dims and the bytes of an images file (magic 0x00000803)', () => {
    const parsed = parseIdx(idxBytes([2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]));
    expect(parsed.dims).toEqual([2, 2, 3]);
    expect(Array.from(parsed.data)).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
  });

  it('reads a labels file (magic 0x00000801) with a dimension above 65535', () => {
    const parsed = parseIdx(idxBytes([70000], new Uint8Array(70000).fill(7)));
    expect(parsed.dims).toEqual([70000]);
    expect(parsed.data.length).toBe(70000);
  });

  it('rejects a wrong magic number, naming it and the expected ones', () => {
    const bytes = idxBytes([1], [0]);
    bytes[2] = 0x0d; // float32 IDX
    expect(() => parseIdx(bytes)).toThrow(/parseIdx: magic number is 0x00000d01.*0x00000803 for images, 0x00000801 for labels/);
  });

  it('rejects a file truncated inside its data', () => {
    const bytes = idxBytes([3, 2, 2], new Uint8Array(12)).subarray(0, 16 + 10);
    expect(() => parseIdx(bytes)).toThrow(
      'parseIdx: dims [3, 2, 2] need 12 data bytes but the file has 10 after its 16-byte header (truncated)',
    );
  });

  it('rejects a file truncated inside its header', () => {
    expect(() => parseIdx(idxBytes([3, 2, 2], []).subarray(0, 9))).toThrow(/needs 16 bytes but the file has 9 \(truncated\)/);
  });

  it('rejects trailing bytes after the data', () => {
    const bytes = new Uint8Array([...idxBytes([2], [1, 2]), 9, 9]);
    expect(() => parseIdx(bytes)).toThrow(/need 2 data bytes but the file has 4 .*\(2 trailing bytes\)/);
  });

  it('tells the caller to decompress gzip bytes first', () => {
    expect(() => parseIdx(gzipSync(idxBytes([1], [3])))).toThrow(/gzip-compressed .* gunzip\(bytes\) first/);
  });
});

describe('gunzip', () => {
  it('restores what node:zlib compressed', async () => {
    const original = idxBytes([4], [9, 8, 7, 6]);
    const compressed = new Uint8Array(gzipSync(original));
    expect(isGzip(compressed)).toBe(true);
    expect(Array.from(await gunzip(compressed))).toEqual(Array.from(original));
  });

  it('rejects bytes without the 1f 8b magic', async () => {
    await expect(gunzip(new Uint8Array([0, 0, 8, 1]))).rejects.toThrow("gunzip: bytes start with '00 00', not the gzip magic number 1f 8b");
  });

  it('rejects a truncated gzip stream', async () => {
    const compressed = new Uint8Array(
      gzipSync(
        idxBytes(
          [3000],
          new Uint8Array(3000).map((_, i) => i * 7),
        ),
      ),
    );
    await expect(gunzip(compressed.subarray(0, compressed.length - 20))).rejects.toThrow(
      /gunzip: the gzip stream of \d+ bytes is corrupt or truncated/,
    );
  });

  it('rejects a corrupt gzip stream', async () => {
    const compressed = new Uint8Array(gzipSync(new Uint8Array(1000).fill(5)));
    compressed.fill(0xff, 10, compressed.length - 8);
    await expect(gunzip(compressed)).rejects.toThrow(/gunzip: the gzip stream of \d+ bytes is corrupt or truncated/);
  });
});
