import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { filterGrid } from '../src/report/filters-image.js';
import { crc32, encodeGrayPng } from '../src/report/png.js';

describe('PNG encoding', () => {
  it('crc32 matches the IEND chunk CRC every PNG carries', () => {
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
  });
  it('writes the signature, an IHDR with size and grayscale type, and rows with filter bytes', () => {
    const png = encodeGrayPng(3, 2, Uint8Array.of(0, 128, 255, 10, 20, 30));
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect(new TextDecoder().decode(png.subarray(12, 16))).toBe('IHDR');
    expect([view.getUint32(16), view.getUint32(20), png[24], png[25]]).toEqual([3, 2, 8, 0]);
    const idatLength = view.getUint32(33);
    const rows = inflateSync(png.subarray(41, 41 + idatLength));
    expect([...rows]).toEqual([0, 0, 128, 255, 0, 10, 20, 30]);
  });
  it('rejects a pixel count that does not match the size', () => {
    expect(() => encodeGrayPng(2, 2, new Uint8Array(3))).toThrow('3 pixels for a 2×2 image (expected 4)');
  });
});

describe('filterGrid', () => {
  it('scales each filter to its own range: its smallest weight black, its largest white', () => {
    const g = filterGrid([2, 1, 1, 2], [-1, 3, 10, 20], { columns: 2, scale: 1 });
    // A white gutter of 3, tiles of 1×2: row 3 holds both tiles, at x 3–4 and 8–9.
    expect([...g.pixels.subarray(3 * g.width, 4 * g.width)]).toEqual([255, 255, 255, 0, 255, 255, 255, 255, 0, 255, 255, 255, 255]);
  });
  it('rejects multi-channel filters', () => {
    expect(() => filterGrid([2, 3, 5, 5], new Array(150).fill(0))).toThrow('expected single-channel filters');
  });
});
