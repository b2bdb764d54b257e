import { describe, expect, it } from 'vitest';
import { mulberry32, randomResizedCrop, resize } from '../src/index.ts';
import { randomResizedCropBox } from '../src/transforms/random-resized-crop.ts';
import { boxFitsDraw, randomBatch } from './helpers/batches.ts';

const DEFAULT_SCALE = [0.08, 1] as const;
const DEFAULT_RATIO = [3 / 4, 4 / 3] as const;

describe('randomResizedCrop boxes (torchvision RandomResizedCrop.get_params)', () => {
  for (const [h, w] of [
    [32, 32],
    [28, 28],
    [7, 10],
    [45, 20],
  ] as const) {
    it(`on ${h}x${w}, stay inside the image with an area in scale and a ratio in ratio`, () => {
      const random = mulberry32(h * 100 + w);
      for (let k = 0; k < 2000; k++) {
        const box = randomResizedCropBox(h, w, DEFAULT_SCALE, DEFAULT_RATIO, random);
        expect(box.height > 0 && box.width > 0 && box.top >= 0 && box.left >= 0).toBe(true);
        expect(box.top + box.height <= h && box.left + box.width <= w).toBe(true);
        expect(boxFitsDraw(box.height, box.width, h * w, DEFAULT_SCALE, DEFAULT_RATIO, 'w/h')).toBe(true);
      }
    });
  }

  it('covers the range of scales: small and whole-image crops both occur', () => {
    const random = mulberry32(9);
    const areas = Array.from({ length: 3000 }, () => {
      const box = randomResizedCropBox(32, 32, DEFAULT_SCALE, DEFAULT_RATIO, random);
      return (box.height * box.width) / 1024;
    });
    expect(Math.min(...areas)).toBeLessThan(0.1);
    expect(Math.max(...areas)).toBeGreaterThan(0.95);
  });

  it('with scale [0.25, 0.25] and ratio [1, 1] always crops 16x16 of 32x32', () => {
    const random = mulberry32(1);
    for (let k = 0; k < 200; k++)
      expect(randomResizedCropBox(32, 32, [0.25, 0.25], [1, 1], random)).toMatchObject({ height: 16, width: 16 });
  });

  it('falls back to the centred box of the nearest allowed ratio when ten draws miss', () => {
    // A 1x40 strip: no box with ratio <= 4/3 and 8% of the area fits, so the fallback crops 1x1... at the centre.
    expect(randomResizedCropBox(1, 40, DEFAULT_SCALE, DEFAULT_RATIO, mulberry32(3))).toEqual({ top: 0, left: 19, height: 1, width: 1 });
    expect(randomResizedCropBox(40, 2, DEFAULT_SCALE, DEFAULT_RATIO, mulberry32(3))).toEqual({ top: 18, left: 0, height: 3, width: 2 });
  });
});

describe('randomResizedCrop transform', () => {
  it('gives [N, C, size] batches with values within the input range (bilinear mixes neighbours)', () => {
    const batch = randomBatch([4, 3, 32, 32], 5);
    const out = randomResizedCrop({ size: 24 })(batch, mulberry32(2));
    expect(out.shape).toEqual([4, 3, 24, 24]);
    expect(Math.min(...out.data)).toBeGreaterThanOrEqual(Math.min(...batch.data));
    expect(Math.max(...out.data)).toBeLessThanOrEqual(Math.max(...batch.data));
  });

  it('with the whole image as the only box equals resize', () => {
    const batch = randomBatch([2, 3, 12, 16], 6);
    const crop = randomResizedCrop({ size: [9, 7], scale: [1, 1], ratio: [16 / 12, 16 / 12] })(batch, mulberry32(1));
    expect(Array.from(crop.data)).toEqual(Array.from(resize({ size: [9, 7] })(batch, mulberry32(1)).data));
  });

  it('with mode nearest only copies input values', () => {
    const batch = randomBatch([2, 1, 10, 10], 7);
    const inputs = new Set(batch.data);
    const out = randomResizedCrop({ size: [13, 5], mode: 'nearest' })(batch, mulberry32(4));
    expect(Array.from(out.data).every((v) => inputs.has(v))).toBe(true);
  });

  it('is reproducible from the seed and differs between seeds', () => {
    const batch = randomBatch([3, 3, 16, 16], 8);
    const crop = randomResizedCrop({ size: 8 });
    const run = (seed: number) => Array.from(crop(batch, mulberry32(seed)).data);
    expect(run(11)).toEqual(run(11));
    expect(run(11)).not.toEqual(run(12));
  });

  it('keeps the labels of the batch', () => {
    const batch = { ...randomBatch([2, 1, 8, 8], 1), labels: Int32Array.from([3, 4]) };
    expect(randomResizedCrop({ size: 4 })(batch, mulberry32(1)).labels).toEqual(Int32Array.from([3, 4]));
  });

  it('rejects a bad size, scale, ratio or mode', () => {
    expect(() => randomResizedCrop({ size: 0 })).toThrow(
      'randomResizedCrop: size must be a positive integer n, [n] or [height, width], got 0',
    );
    expect(() => randomResizedCrop({ size: [8, 8, 8] as unknown as [number, number] })).toThrow('got [8, 8, 8]');
    expect(() => randomResizedCrop({ size: 8, scale: [0.5, 0.2] })).toThrow(
      'randomResizedCrop: scale must be [min, max] with min <= max, both finite and at least 0, got [0.5, 0.2]',
    );
    expect(() => randomResizedCrop({ size: 8, ratio: [0, 1] })).toThrow(
      'randomResizedCrop: ratio must be [min, max] with min <= max, both finite and above 0, got [0, 1]',
    );
    expect(() => randomResizedCrop({ size: 8, mode: 'bicubic' as 'nearest' })).toThrow(
      "randomResizedCrop: mode must be 'bilinear' or 'nearest', got 'bicubic'",
    );
  });
});
