import { mulberry32, type ImageBatch } from '../../src/index.ts';

type Shape = [number, number, number, number];

/** A batch whose values come from a seeded stream, in [0, 1). */
export function randomBatch(shape: Shape, seed: number, labels?: number[]): ImageBatch {
  const random = mulberry32(seed);
  const data = Float32Array.from({ length: shape[0] * shape[1] * shape[2] * shape[3] }, () => random());
  return labels ? { data, shape, labels: Int32Array.from(labels) } : { data, shape };
}

/** A batch where every value of image i is `value(i)`, so each pixel says which image it came from. */
export function constantImages(shape: Shape, value: (i: number) => number, labels?: number[]): ImageBatch {
  const size = shape[1] * shape[2] * shape[3];
  const data = new Float32Array(shape[0] * size);
  for (let i = 0; i < shape[0]; i++) data.fill(value(i), i * size, (i + 1) * size);
  return labels ? { data, shape, labels: Int32Array.from(labels) } : { data, shape };
}

/**
 * Whether a box of h × w pixels can come from torchvision's draw: a target area in
 * scale · imageArea and a ratio in `ratio`, the sides being the rounded square roots of
 * area · ratio and area / ratio. Rounding moves each side by at most 0.5, so the area lies in
 * [(h - ½)(w - ½), (h + ½)(w + ½)] and the ratio between the extreme quotients.
 */
export function boxFitsDraw(
  h: number,
  w: number,
  imageArea: number,
  scale: readonly [number, number],
  ratio: readonly [number, number],
  ratioOf: 'w/h' | 'h/w',
): boolean {
  const [num, den] = ratioOf === 'w/h' ? [w, h] : [h, w];
  const areaOk = (h - 0.5) * (w - 0.5) <= scale[1] * imageArea && (h + 0.5) * (w + 0.5) >= scale[0] * imageArea;
  const ratioOk = (num - 0.5) / (den + 0.5) <= ratio[1] && (num + 0.5) / Math.max(den - 0.5, 1e-9) >= ratio[0];
  return areaOk && ratioOk;
}

/** Mean and variance of a list of numbers. */
export function moments(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, variance: values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length };
}
