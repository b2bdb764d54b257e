import type { Backend, DataId } from '../backend/backend.js';
import type { DType } from '../dtype.js';
import { sizeOf, type Shape } from '../shape.js';
import { Storage } from '../memory/storage.js';
import { Tensor } from '../tensor.js';

/** Wraps a buffer a kernel just wrote as a new dense tensor. */
export function fromKernel(backend: Backend, id: DataId, shape: Shape, dtype: DType): Tensor {
  return new Tensor(new Storage(backend, id, sizeOf(shape), dtype), shape);
}

/** A new tensor that shares `base`'s buffer with other strides (no copy). */
export function viewOf(base: Tensor, shape: Shape, strides: readonly number[], offset: number, op: string): Tensor {
  return new Tensor(base.storage(op).retain(), shape, strides, offset);
}

/** A 0-d tensor holding `value` on `backend`. */
export function scalar(backend: Backend, value: number, dtype: DType): Tensor {
  return fromKernel(backend, backend.fill(1, value, dtype), [], dtype);
}
