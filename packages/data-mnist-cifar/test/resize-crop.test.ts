import { describe, expect, it } from 'vitest';
import { centerCrop, resize, type ResizeOptions } from '../src/index.ts';
import { randomBatch } from './helpers/batches.ts';

const noDraws = () => {
  throw new Error('a deterministic transform drew a random number');
};

describe('resize and centerCrop: everything but the numbers (those are in torchvision.test.ts)', () => {
  it('return the batch itself when it already has the size, as torchvision does', () => {
    const batch = randomBatch([2, 3, 6, 8], 1);
    expect(resize({ size: 6 })(batch, noDraws)).toBe(batch);
    expect(resize({ size: [6, 8], mode: 'nearest' })(batch, noDraws)).toBe(batch);
    expect(centerCrop({ size: [6, 8] })(batch, noDraws)).toBe(batch);
  });

  it('keep the labels and targets of the batch', () => {
    const batch = { ...randomBatch([2, 1, 6, 6], 2), labels: Int32Array.from([1, 0]), targets: Float32Array.from([0, 1, 1, 0]) };
    for (const out of [resize({ size: 3 })(batch, noDraws), centerCrop({ size: 4 })(batch, noDraws)]) {
      expect([out.labels, out.targets]).toEqual([batch.labels, batch.targets]);
    }
  });

  it('resize rejects an unknown mode and sizes that are not positive integers', () => {
    expect(() => resize({ size: 8, mode: 'bicubic' as 'nearest' })).toThrow("resize: mode must be 'bilinear' or 'nearest', got 'bicubic'");
    for (const size of [0, -2, 2.5, [2, 3, 4], [], '8', [4, Number.NaN]]) {
      expect(() => resize({ size } as unknown as ResizeOptions)).toThrow(
        /^resize: size must be a positive integer n, \[n\] or \[height, width\], got /,
      );
    }
    expect(() => resize(undefined as unknown as ResizeOptions)).toThrow('resize: expected an options object { size, mode }, got undefined');
  });

  it('centerCrop rejects sizes that are not positive integers', () => {
    expect(() => centerCrop({ size: [0, 3] })).toThrow('centerCrop: size must be a positive integer n, [n] or [height, width], got [0, 3]');
  });

  it('resize refuses an output too large for a typed array, naming its size', () => {
    expect(() => resize({ size: [70000, 70000] })(randomBatch([1, 1, 2, 2], 3), noDraws)).toThrow(
      'resize: the output batch [1, 1, 70000, 70000] would hold 4900000000 values (19600000000 bytes), more than the 2147483648 a float32 array may hold',
    );
  });
});
