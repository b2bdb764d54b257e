import type { Backend } from './backend/backend.js';
import { bytesPerElement, type DType } from './dtype.js';
import { formatShape, type Shape } from './shape.js';

/**
 * Sizes are checked where tensors are made, before any kernel runs: a NaN, fractional or
 * negative size would otherwise reach a backend's allocator, where it corrupts memory (a wasm
 * heap whose top becomes NaN) or is silently truncated (`new Float32Array(2.5)` holds 2).
 */

/** One size (a dimension, a count, a kernel extent): an integer in [min, max]. */
export function checkSize(op: string, arg: string, value: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
    throw new Error(`${op}: ${arg} must be ${range} but got ${describeValue(value)}`);
  }
  return value;
}

/** A shape: an array of non-negative integer dimensions. */
export function checkShape(op: string, shape: unknown, arg = 'size'): Shape {
  if (!Array.isArray(shape)) throw new Error(`${op}: ${arg} must be an array of dimensions but got ${describeValue(shape)}`);
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new Error(`${op}: ${arg} ${formatDims(shape)} has dimension ${i} = ${describeValue(d)} (expected a non-negative integer)`);
    }
  }
  return shape as Shape;
}

/**
 * The element count of a shape of valid dimensions, refused where one buffer of `dtype` on
 * `backend` cannot hold it (its `maxBufferBytes`), with the size in bytes in the message.
 */
export function checkAllocatable(op: string, shape: Shape, dtype: DType, backend: Backend): number {
  let n = 1;
  for (const d of shape) n *= d;
  const bytes = n * bytesPerElement(dtype);
  const cap = backend.capabilities.maxBufferBytes;
  if (bytes > cap) {
    throw new Error(
      `${op}: shape ${formatShape(shape)} has ${n} elements, ${bytes} bytes as ${dtype}, ` +
        `more than backend '${backend.name}' holds in one tensor (${cap} bytes)`,
    );
  }
  return n;
}

/** checkShape then checkAllocatable: what every creation op runs first. */
export function checkNewTensor(op: string, shape: unknown, dtype: DType, backend: Backend, arg = 'size'): number {
  return checkAllocatable(op, checkShape(op, shape, arg), dtype, backend);
}

/** A value as an error message may quote it: numbers and short strings as they are, the rest by kind. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : `'${value}'`;
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value;
}

function formatDims(shape: readonly unknown[]): string {
  const shown = shape.slice(0, 8).map((d) => (typeof d === 'number' ? String(d) : describeValue(d)));
  return `[${shown.join(', ')}${shape.length > 8 ? ', …' : ''}]`;
}
