import { describe, expect, it } from 'vitest';
import { centerCrop, resize, type ImageBatch } from '../src/index.ts';
import { adjustBrightness, adjustContrast, adjustHue, adjustSaturation } from '../src/transforms/color-adjust.ts';
import { resizeBox } from '../src/transforms/random-resized-crop.ts';
import { inputOf, label, maxAbsDiff, torchvision } from './helpers/torchvision-fixture.ts';

const unused = () => {
  throw new Error('a deterministic transform drew a random number');
};

describe('resize matches torchvision 0.14 resize(antialias=False)', () => {
  for (const c of torchvision.resize) {
    it(label(c), () => {
      const out = resize({ size: c.size!, mode: c.mode })(inputOf(c), unused);
      expect(out.shape).toEqual(c.expectedShape);
      if (c.mode === 'nearest') expect(Array.from(out.data)).toEqual(c.expected);
      else expect(maxAbsDiff(out.data, c.expected)).toBeLessThanOrEqual(1e-6);
    });
  }
});

describe('centerCrop matches torchvision 0.14 center_crop', () => {
  for (const c of torchvision.centerCrop) {
    it(label(c), () => {
      const out = centerCrop({ size: c.size! })(inputOf(c), unused);
      expect([out.shape, Array.from(out.data)]).toEqual([c.expectedShape, c.expected]);
    });
  }
});

describe('the crop and resize of randomResizedCrop match torchvision 0.14 resized_crop(antialias=False)', () => {
  for (const c of torchvision.resizedCrop) {
    it(`${label(c)} of box ${JSON.stringify(c.box)}`, () => {
      const [top, left, height, width] = c.box!;
      const batch = inputOf(c);
      const [n, ch] = batch.shape;
      const [outH, outW] = c.size as [number, number];
      const out = new Float32Array(n * ch * outH * outW);
      for (let i = 0; i < n; i++) resizeBox(batch, i, { top, left, height, width }, { data: out, height: outH, width: outW }, c.mode!);
      expect(maxAbsDiff(out, c.expected)).toBeLessThanOrEqual(1e-6);
    });
  }
});

describe('the colour adjustments of colorJitter match torchvision 0.14 adjust_*', () => {
  const adjust = { brightness: adjustBrightness, contrast: adjustContrast, saturation: adjustSaturation, hue: adjustHue };
  /** Runs one adjustment on every image of the batch. */
  const run = (name: keyof typeof adjust, batch: ImageBatch, factor: number) => {
    const [n, c, h, w] = batch.shape;
    for (let i = 0; i < n; i++) adjust[name]({ data: batch.data, base: i * c * h * w, channels: c, plane: h * w }, factor);
    return batch.data;
  };
  for (const c of torchvision.adjust) {
    it(`${c.adjust} ${label(c)}`, () => {
      const out = run(c.adjust!, inputOf(c), c.factor!);
      // Contrast averages the image, which PyTorch sums in another order; every other step is float32 as in PyTorch.
      if (c.adjust === 'contrast') expect(maxAbsDiff(out, c.expected)).toBeLessThanOrEqual(1e-6);
      else expect(Array.from(out)).toEqual(c.expected);
    });
  }
});
