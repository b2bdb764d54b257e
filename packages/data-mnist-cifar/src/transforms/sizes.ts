import { describe } from '../errors/describe.js';

/** A size option as torchvision takes it: `n`, `[n]` or `[height, width]`. */
export type SizeOption = number | readonly [number] | readonly [number, number];

/** Checks a size option: one or two positive integers. */
export function checkSize(op: string, size: SizeOption): void {
  const values: readonly unknown[] | null = typeof size === 'number' ? [size] : Array.isArray(size) ? size : null;
  if (!values || !(values.length === 1 || values.length === 2) || !values.every((s) => Number.isSafeInteger(s) && (s as number) > 0)) {
    throw new Error(`${op}: size must be a positive integer n, [n] or [height, width], got ${describe(size)}`);
  }
}

// 2^31 values: 8 GiB of float32, beyond what a typed array may hold in every runtime.
const MAX_VALUES = 2 ** 31;

/** A zeroed float32 batch of `shape`, or a clear error when it could not be allocated. */
export function newBatchData(op: string, shape: readonly [number, number, number, number]): Float32Array {
  const count = shape[0] * shape[1] * shape[2] * shape[3];
  if (count >= MAX_VALUES) {
    throw new Error(
      `${op}: the output batch [${shape.join(', ')}] would hold ${count} values (${count * 4} bytes), more than the ${MAX_VALUES} a float32 array may hold`,
    );
  }
  return new Float32Array(count);
}

/** `n` or `[n]` is an n×n square, as torchvision's crops read their size. */
export function squareOrPair(size: SizeOption): [number, number] {
  if (typeof size === 'number') return [size, size];
  return size.length === 1 ? [size[0], size[0]] : [size[0], size[1]];
}

/**
 * torchvision's resize size rule: `n` or `[n]` sets the smaller edge to n and scales the
 * other to keep the aspect ratio (rounded down, as `int(n * long / short)`); [h, w] is exact.
 */
export function resizeTarget(size: SizeOption, height: number, width: number): [number, number] {
  if (typeof size !== 'number' && size.length === 2) return [size[0], size[1]];
  const short = typeof size === 'number' ? size : size[0];
  if (width <= height) return [Math.trunc((short * height) / width), short];
  return [short, Math.trunc((short * width) / height)];
}

/** Python's round(): halves go to the even neighbour, as torchvision's crop offsets do. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
