import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compose, gatherBatch, ImageDataset, normalize, randomCrop, randomHorizontalFlip, type ImageBatch } from '../src/index.ts';

// Written by fixtures/gen_transforms.py from PyTorch tensors.
interface Case {
  pixels: number[];
  shape: [number, number, number, number];
  expected: number[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/transforms.json', import.meta.url), 'utf8')) as {
  toTensor: number[];
  normalize: Case & { mean: number[]; std: number[] };
  randomCrop: Case & {
    padding: [number, number, number, number];
    size: [number, number];
    offsets: [number, number][];
    expectedShape: number[];
  };
  horizontalFlip: Case;
};

/** The [0, 1] float batch the DataLoader would hand to a transform. */
function scaled({ pixels, shape }: { pixels: number[]; shape: readonly [number, number, number, number] }): ImageBatch {
  const [n, c, h, w] = shape;
  const dataset = new ImageDataset({ images: Uint8Array.from(pixels), labels: new Uint8Array(n), shape: [c, h, w], numClasses: 1 });
  return {
    data: gatherBatch(
      dataset,
      Array.from({ length: n }, (_, i) => i),
    ).data,
    shape,
  };
}

/** A `random` that returns the given draws in order. */
function draws(values: number[]): () => number {
  let i = 0;
  return () => {
    if (i >= values.length) throw new Error('test random: out of draws');
    return values[i++]!;
  };
}

const image = (values: number[], shape: [number, number, number, number]): ImageBatch => ({ data: Float32Array.from(values), shape });
const unused = draws([]);

describe('scaling to [0, 1]', () => {
  it('maps every byte v to float32(v / 255), as ToTensor', () => {
    expect(Array.from(scaled({ pixels: Array.from({ length: 256 }, (_, v) => v), shape: [1, 1, 16, 16] }).data)).toEqual(fixture.toTensor);
  });
});

describe('normalize', () => {
  it('matches PyTorch per channel, bit for bit', () => {
    const { mean, std, expected } = fixture.normalize;
    expect(Array.from(normalize({ mean, std })(scaled(fixture.normalize), unused).data)).toEqual(expected);
  });

  it('applies a single mean and std to every channel', () => {
    const out = normalize({ mean: [0.5], std: [0.25] })(image([0, 0.5, 1, 0.75], [1, 2, 1, 2]), unused);
    expect(Array.from(out.data)).toEqual([-2, 0, 2, 1]);
  });

  it('rejects a mean whose length is neither 1 nor the channel count', () => {
    expect(() => normalize({ mean: [0, 0], std: [1] })(image([0, 0, 0], [1, 3, 1, 1]), unused)).toThrow(
      'normalize: mean has 2 values but the batch has 3 channels (expected 3 or 1)',
    );
  });

  it('rejects a zero std', () => {
    expect(() => normalize({ mean: [0], std: [0] })).toThrow('normalize: std must be non-zero, got [0]');
  });
});

describe('randomCrop', () => {
  it('zero-pads then crops each image at its own offsets, as PyTorch pad + slice', () => {
    const { padding, size, offsets, expected, expectedShape, shape } = fixture.randomCrop;
    const [h, w] = [shape[2] + padding[1] + padding[3], shape[3] + padding[0] + padding[2]];
    // Draws that floor to the offsets: top from h - size + 1 choices, then left from w - size + 1.
    const random = draws(offsets.flatMap(([i, j]) => [(i + 0.5) / (h - size[0] + 1), (j + 0.5) / (w - size[1] + 1)]));
    const out = randomCrop({ size, padding })(scaled(fixture.randomCrop), random);
    expect(out.shape).toEqual(expectedShape);
    expect(Array.from(out.data)).toEqual(expected);
  });

  it('crops a hand-made 3x3 image with padding 1 to 3x3 shifted by the drawn offsets', () => {
    const crop = randomCrop({ size: 3, padding: 1 });
    // Offsets (top, left) = (0, 2): the window starts one row above and one column right of the image.
    const out = crop(image([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]), draws([0, 0.99]));
    expect(Array.from(out.data)).toEqual([0, 0, 0, 2, 3, 0, 5, 6, 0]);
  });

  it('returns the image unchanged when the crop is its full size without padding', () => {
    const out = randomCrop({ size: [2, 3] })(image([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]), draws([0.7, 0.2]));
    expect([out.shape, Array.from(out.data)]).toEqual([
      [1, 1, 2, 3],
      [1, 2, 3, 4, 5, 6],
    ]);
  });

  it('rejects a crop larger than the padded image', () => {
    expect(() => randomCrop({ size: [5, 6], padding: 1 })(image(new Array(9).fill(0), [1, 1, 3, 3]), unused)).toThrow(
      'randomCrop: crop size [5, 6] is larger than the padded image [5, 5]',
    );
  });
});

describe('randomHorizontalFlip', () => {
  it('with p = 1 mirrors every image, as PyTorch flip(-1)', () => {
    const out = randomHorizontalFlip({ p: 1 })(scaled(fixture.horizontalFlip), draws([0.99, 0.99]));
    expect(Array.from(out.data)).toEqual(fixture.horizontalFlip.expected);
  });

  it('flips exactly the images whose draw is below p', () => {
    const out = randomHorizontalFlip()(image([1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 2, 2]), draws([0.3, 0.7]));
    expect(Array.from(out.data)).toEqual([2, 1, 4, 3, 5, 6, 7, 8]);
  });

  it('rejects p outside [0, 1]', () => {
    expect(() => randomHorizontalFlip({ p: 1.5 })).toThrow('randomHorizontalFlip: p must be in [0, 1], got 1.5');
  });
});

describe('compose', () => {
  it('runs transforms in order, sharing one random stream', () => {
    const t = compose([randomCrop({ size: 2 }), randomHorizontalFlip({ p: 0.5 }), normalize({ mean: [1], std: [2] })]);
    // crop at (1, 0) of a 3x3 image gives [4, 5, 7, 8]; the flip (draw 0.1 < 0.5) [5, 4, 8, 7]; then (x - 1) / 2.
    const out = t(image([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]), draws([0.5, 0, 0.1]));
    expect([out.shape, Array.from(out.data)]).toEqual([
      [1, 1, 2, 2],
      [2, 1.5, 3.5, 3],
    ]);
  });
});

describe('options objects', () => {
  it('normalize and randomCrop reject a missing or malformed options object', () => {
    expect(() => normalize(undefined as unknown as { mean: number[]; std: number[] })).toThrow(
      'normalize: expected an options object { mean, std }, got undefined',
    );
    expect(() => normalize({ mean: [0.5, Number.NaN], std: [1] })).toThrow(
      'normalize: mean must be a non-empty list of finite numbers (one per channel, or one for all), got [0.5, NaN]',
    );
    expect(() => normalize({ mean: [0.5], std: 0.2 as unknown as number[] })).toThrow(
      'normalize: std must be a non-empty list of finite numbers (one per channel, or one for all), got 0.2',
    );
    expect(() => randomCrop(undefined as unknown as { size: number })).toThrow(
      'randomCrop: expected an options object { size, padding }, got undefined',
    );
  });
});
