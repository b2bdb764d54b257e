import type { DType, TypedArray } from '@stride/core-tensor';
import { addressIn, uninitialized } from '../storage.js';
import type { WasmRuntime } from '../wasm/runtime.js';

/**
 * Where the wasm kernels find `count` elements of `values` from element `offset`: in place when
 * the array lives in wasm memory, else in a copy made in scratch (freed when the caller's scoped call returns).
 * Copies keep 16 bytes past the end, as resident blocks do, for kernels that move whole vectors.
 */
export function operandAt(rt: WasmRuntime, values: TypedArray, offset: number, count: number): number {
  const inPlace = addressIn(rt, values, offset);
  if (inPlace !== null) return inPlace;
  const at = rt.alloc(count * values.BYTES_PER_ELEMENT + 16);
  new (values.constructor as Float32ArrayConstructor)(rt.memory.buffer, at, count).set(
    values.subarray(offset, offset + count) as Float32Array,
  );
  return at;
}

/** A new result array and where kernels write it: in place when it lives in wasm memory, else in scratch until `finish`. */
export interface Output<T extends TypedArray> {
  readonly values: T;
  readonly at: number;
  /** Copies the kernels' result into `values` (nothing to do when they wrote it in place); call before releasing scratch. */
  finish(): T;
}

export function outputOf<T extends TypedArray>(rt: WasmRuntime, dtype: DType, count: number): Output<T> {
  const values = uninitialized(dtype, count) as T;
  const inPlace = addressIn(rt, values);
  if (inPlace !== null) return { values, at: inPlace, finish: () => values };
  const at = rt.alloc(count * values.BYTES_PER_ELEMENT + 16);
  return {
    values,
    at,
    finish() {
      values.set(new (values.constructor as Float32ArrayConstructor)(rt.memory.buffer, at, count));
      return values;
    },
  };
}
