import { describe, expect, it } from 'vitest';
import { mulberry32, randomErasing } from '../src/index.ts';
import { boxFitsDraw, constantImages, moments } from './helpers/batches.ts';

const ERASED = -7; // a value no input pixel has

/** The box of erased pixels in image i (all channels must agree), or null if none was erased. */
function erasedBox(data: Float32Array, i: number, [c, h, w]: [number, number, number]) {
  let [top, left, bottom, right, count] = [h, w, -1, -1, 0];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const erased = data[i * c * h * w + y * w + x] === ERASED;
      for (let ch = 1; ch < c; ch++) {
        if ((data[(i * c + ch) * h * w + y * w + x] === ERASED) !== erased)
          throw new Error(`image ${i}: channels disagree at (${y}, ${x})`);
      }
      if (!erased) continue;
      [top, left, bottom, right] = [Math.min(top, y), Math.min(left, x), Math.max(bottom, y), Math.max(right, x)];
      count++;
    }
  }
  if (count === 0) return null;
  const box = { top, left, height: bottom - top + 1, width: right - left + 1 };
  if (count !== box.height * box.width) throw new Error(`image ${i}: the erased pixels are not a filled rectangle`);
  return box;
}

describe('randomErasing', () => {
  it('with p = 1 erases one box per image, strictly smaller than the image, with area and ratio from their ranges', () => {
    const [n, c, h, w] = [300, 3, 32, 32];
    const out = randomErasing({ p: 1, value: ERASED })(
      constantImages([n, c, h, w], (i) => i / n),
      mulberry32(1),
    );
    for (let i = 0; i < n; i++) {
      const box = erasedBox(out.data, i, [c, h, w]);
      expect(box).not.toBeNull();
      expect(box!.height < h && box!.width < w).toBe(true);
      expect(boxFitsDraw(box!.height, box!.width, h * w, [0.02, 0.33], [0.3, 3.3], 'h/w')).toBe(true);
      // Outside the box, the image is as it was.
      const untouched = Array.from(out.data.subarray(i * c * h * w, (i + 1) * c * h * w)).filter((v) => v !== ERASED);
      expect(untouched.every((v) => v === Math.fround(i / n))).toBe(true);
    }
  });

  it('erases about a fraction p of the images', () => {
    const out = randomErasing({ p: 0.3, value: ERASED })(
      constantImages([2000, 1, 8, 8], () => 0.5),
      mulberry32(2),
    );
    const erased = Array.from({ length: 2000 }, (_, i) => erasedBox(out.data, i, [1, 8, 8]) !== null).filter(Boolean).length;
    expect(erased / 2000).toBeGreaterThan(0.27);
    expect(erased / 2000).toBeLessThan(0.33);
  });

  it('with p = 0 changes nothing', () => {
    const batch = constantImages([10, 3, 4, 4], (i) => i / 10);
    const before = Array.from(batch.data);
    expect(Array.from(randomErasing({ p: 0 })(batch, mulberry32(3)).data)).toEqual(before);
  });

  it('fills each channel with its own value, or standard normal noise for value random', () => {
    const out = randomErasing({ p: 1, value: [0.1, 0.2, 0.3], scale: [0.3, 0.3] })(
      constantImages([1, 3, 20, 20], () => 1),
      mulberry32(4),
    );
    for (const [ch, v] of [0.1, 0.2, 0.3].entries())
      expect(out.data.subarray(ch * 400, (ch + 1) * 400).includes(Math.fround(v))).toBe(true);
    const noisy = randomErasing({ p: 1, value: 'random' })(
      constantImages([400, 1, 16, 16], () => 100),
      mulberry32(5),
    );
    const noise = Array.from(noisy.data).filter((v) => v !== 100);
    const { mean, variance } = moments(noise);
    expect(noise.length).toBeGreaterThan(10000);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('erases nothing when no box fits: a 1-pixel-wide image', () => {
    const batch = constantImages([5, 1, 10, 1], () => 0.5);
    expect(Array.from(randomErasing({ p: 1, value: ERASED })(batch, mulberry32(6)).data).every((v) => v === 0.5)).toBe(true);
  });

  it('is reproducible from the seed', () => {
    const run = (seed: number) =>
      Array.from(
        randomErasing({ p: 0.5 })(
          constantImages([20, 3, 8, 8], () => 1),
          mulberry32(seed),
        ).data,
      );
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('rejects bad options', () => {
    expect(() => randomErasing({ p: 1.5 })).toThrow('randomErasing: p must be in [0, 1], got 1.5');
    expect(() => randomErasing({ scale: [0.5, 1.5] })).toThrow(
      'randomErasing: scale must be [min, max] with min <= max, both in [0, 1], got [0.5, 1.5]',
    );
    expect(() => randomErasing({ ratio: [2, 1] })).toThrow(
      'randomErasing: ratio must be [min, max] with min <= max, both finite and above 0, got [2, 1]',
    );
    expect(() => randomErasing({ value: 'noise' as 'random' })).toThrow(
      "randomErasing: value must be a number, a list of numbers (one per channel) or 'random', got 'noise'",
    );
    expect(() =>
      randomErasing({ value: [1, 2] })(
        constantImages([1, 3, 4, 4], () => 0),
        mulberry32(1),
      ),
    ).toThrow('randomErasing: value has 2 entries but the images have 3 channels (expected 1 or 3)');
  });
});
