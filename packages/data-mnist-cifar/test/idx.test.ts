import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GUNZIP_MAX_BYTES, gunzip, isGzip, parseIdx } from '../src/index.ts';
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

  it('accepts a valid empty file whose dims multiply to 0 only in exact arithmetic', () => {
    // In floating point 33 factors of 2^32 - 1 overflow to Infinity, and Infinity * 0 is NaN.
    const dims = [...new Array(33).fill(0xffffffff), 0];
    const parsed = parseIdx(idxBytes(dims, []));
    expect(parsed.dims).toEqual(dims);
    expect(parsed.data.length).toBe(0);
  });

  it('names the exact byte count when it is beyond 2^53', () => {
    expect(() => parseIdx(idxBytes([0xffffffff, 0xffffffff], [1, 2]))).toThrow(
      'parseIdx: dims [4294967295, 4294967295] need about 10^19 (more than any file holds) data bytes but the file has 2 after its 12-byte header (truncated)',
    );
  });

  it('keeps the message short for a header of 255 dims', () => {
    const message = (() => {
      try {
        parseIdx(idxBytes(new Array(255).fill(2), []));
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(message).toMatch(/^parseIdx: dims \[2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, … 255 dims in all\] need about 10\^76 /);
  });

  it('tells the caller to decompress gzip bytes first', () => {
    expect(() => parseIdx(gzipSync(idxBytes([1], [3])))).toThrow(/gzip-compressed .* gunzip\(bytes\) first/);
  });
});

/** The error message, or how many bytes came out: a failing assertion never prints megabytes of output. */
const outcome = (result: Promise<Uint8Array>) =>
  result.then(
    (out) => `resolved with ${out.length} bytes`,
    (e: Error) => e.message,
  );

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

  it('stops at maxBytes: one byte more than the limit is refused, exactly the limit is accepted', async () => {
    const compressed = new Uint8Array(gzipSync(new Uint8Array(1 << 20)));
    expect((await gunzip(compressed, { maxBytes: 1 << 20 })).length).toBe(1 << 20);
    expect(await outcome(gunzip(compressed, { maxBytes: (1 << 20) - 1 }))).toBe(
      `gunzip: the gzip stream of ${compressed.length} bytes inflates to more than maxBytes = 1048575 bytes; decompression was stopped (pass a larger maxBytes if the data is trusted)`,
    );
  });

  it('refuses a small bomb by default: 64 MiB + 1 byte of zeros from about 65 KB', async () => {
    const bomb = new Uint8Array(gzipSync(new Uint8Array(DEFAULT_GUNZIP_MAX_BYTES + 1)));
    expect(bomb.length).toBeLessThan(100_000);
    expect(await outcome(gunzip(bomb))).toMatch(/inflates to more than maxBytes = 67108864 bytes/);
  });

  it('rejects a maxBytes that is not a non-negative integer', async () => {
    const compressed = new Uint8Array(gzipSync(new Uint8Array(4)));
    for (const maxBytes of [-1, 1.5, Number.NaN]) {
      expect(await outcome(gunzip(compressed, { maxBytes }))).toBe(`gunzip: maxBytes must be a non-negative integer, got ${maxBytes}`);
    }
  });

  it('rejects a corrupt gzip stream', async () => {
    const compressed = new Uint8Array(gzipSync(new Uint8Array(1000).fill(5)));
    compressed.fill(0xff, 10, compressed.length - 8);
    await expect(gunzip(compressed)).rejects.toThrow(/gunzip: the gzip stream of \d+ bytes is corrupt or truncated/);
  });
});
