import { describe, expect, it } from 'vitest';
import { colorJitter, mulberry32, type ImageBatch } from '../src/index.ts';
import { adjustBrightness, adjustContrast } from '../src/transforms/color-adjust.ts';
import { constantImages, randomBatch } from './helpers/batches.ts';

const copy = (b: ImageBatch): ImageBatch => ({ ...b, data: b.data.slice() });

describe('colorJitter', () => {
  it('scales each image by one brightness factor drawn from [1 - b, 1 + b]', () => {
    // Values in [0.2, 0.6], so that no factor up to 1.4 clamps them and each ratio is the factor.
    const batch = randomBatch([200, 3, 4, 4], 1);
    batch.data.forEach((v, k) => (batch.data[k] = 0.2 + 0.4 * v));
    const out = colorJitter({ brightness: 0.4 })(copy(batch), mulberry32(2));
    const size = 3 * 16;
    const factors: number[] = [];
    for (let i = 0; i < 200; i++) {
      const factor = out.data[i * size]! / batch.data[i * size]!;
      expect(factor).toBeGreaterThanOrEqual(0.6 - 1e-6);
      expect(factor).toBeLessThanOrEqual(1.4 + 1e-6);
      const expected = batch.data.slice(i * size, (i + 1) * size);
      adjustBrightness({ data: expected, base: 0, channels: 3, plane: 16 }, factor);
      for (let k = 0; k < size; k++) expect(out.data[i * size + k]).toBeCloseTo(expected[k]!, 5);
      factors.push(factor);
    }
    expect(Math.min(...factors)).toBeLessThan(0.7);
    expect(Math.max(...factors)).toBeGreaterThan(1.3);
  });

  it('keeps every value in [0, 1] with all four adjustments at full strength', () => {
    const out = colorJitter({ brightness: 0.9, contrast: 0.9, saturation: 0.9, hue: 0.5 })(randomBatch([64, 3, 8, 8], 3), mulberry32(4));
    expect(out.data.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('applies the adjustments in a random order per image, as torchvision draws randperm(4)', () => {
    // Fixed factors: brightness 2 then contrast 0 gives the mean of the brightened image;
    // contrast 0 then brightness 2 gives twice the mean. Both orders must occur.
    const batch = randomBatch([64, 1, 2, 2], 5);
    const out = colorJitter({ brightness: [2, 2], contrast: [0, 0] })(copy(batch), mulberry32(6));
    const orders = new Set<string>();
    for (let i = 0; i < 64; i++) {
      const image = (first: typeof adjustBrightness, second: typeof adjustBrightness, a: number, b: number) => {
        const data = batch.data.slice(i * 4, i * 4 + 4);
        first({ data, base: 0, channels: 1, plane: 4 }, a);
        second({ data, base: 0, channels: 1, plane: 4 }, b);
        return Array.from(data);
      };
      const got = Array.from(out.data.slice(i * 4, i * 4 + 4));
      if (got.every((v, k) => v === image(adjustBrightness, adjustContrast, 2, 0)[k])) orders.add('brightness first');
      else if (got.every((v, k) => v === image(adjustContrast, adjustBrightness, 0, 2)[k])) orders.add('contrast first');
      else throw new Error(`image ${i} matches neither order`);
    }
    expect(orders).toEqual(new Set(['brightness first', 'contrast first']));
  });

  it('leaves 1-channel images alone under saturation and hue', () => {
    const batch = randomBatch([4, 1, 3, 3], 7);
    expect(Array.from(colorJitter({ saturation: 0.8, hue: 0.4 })(copy(batch), mulberry32(1)).data)).toEqual(Array.from(batch.data));
  });

  it('keeps grey pixels grey under hue and saturation', () => {
    const out = colorJitter({ saturation: 0.8, hue: 0.4 })(
      constantImages([5, 3, 2, 2], (i) => 0.1 * (i + 1)),
      mulberry32(2),
    );
    for (let i = 0; i < 5; i++) {
      for (let p = 0; p < 4; p++) {
        const [r, g, b] = [0, 1, 2].map((ch) => out.data[i * 12 + ch * 4 + p]!);
        expect(r === g && g === b).toBe(true);
        // Saturation blends with the luma 0.2989 r + 0.587 g + 0.114 b, whose weights sum to 0.9999.
        expect(Math.abs(r! - 0.1 * (i + 1))).toBeLessThan(1e-4);
      }
    }
  });

  it('changes nothing with no options', () => {
    const batch = randomBatch([3, 3, 4, 4], 8);
    expect(Array.from(colorJitter()(copy(batch), mulberry32(1)).data)).toEqual(Array.from(batch.data));
  });

  it('is reproducible from the seed and differs between seeds', () => {
    const jitter = colorJitter({ brightness: 0.3, contrast: 0.3, saturation: 0.3, hue: 0.1 });
    const run = (seed: number) => Array.from(jitter(randomBatch([4, 3, 5, 5], 9), mulberry32(seed)).data);
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });

  it('rejects bad strengths and images that are neither grey nor RGB', () => {
    expect(() => colorJitter({ brightness: -0.1 })).toThrow(
      'colorJitter: brightness must be a number in [0, Infinity] or a [min, max] range, got -0.1',
    );
    expect(() => colorJitter({ hue: 0.6 })).toThrow('colorJitter: hue must be a number in [0, 0.5] or a [min, max] range, got 0.6');
    expect(() => colorJitter({ hue: [-0.6, 0.1] })).toThrow(
      'colorJitter: hue range must be [min, max] with -0.5 <= min <= max <= 0.5, got [-0.6, 0.1]',
    );
    expect(() => colorJitter({ contrast: [1.5, 0.5] })).toThrow(
      'colorJitter: contrast range must be [min, max] with 0 <= min <= max <= Infinity, got [1.5, 0.5]',
    );
    expect(() => colorJitter({ brightness: 0.2 })(randomBatch([1, 4, 2, 2], 1), mulberry32(1))).toThrow(
      'colorJitter: images must have 1 or 3 channels, got 4 (batch [1, 4, 2, 2])',
    );
  });
});
