import type { DType, TypedArray } from '@stride/core-tensor';
import { allocate, type DataId } from '@stride/core-tensor/backend';
import type { WasmRuntime } from './wasm/runtime.js';

/** A CPU buffer: the typed array its elements live in, dropped on dispose so misuse fails loudly. */
class CpuBuffer implements DataId {
  readonly backendName = 'cpu';
  constructor(public values: TypedArray | null) {}
}

/** Wraps `values` (taken, not copied) as a buffer handle. */
export function store(values: TypedArray): DataId {
  return new CpuBuffer(values);
}

/** Stores accumulated results as `dtype` (taking `values` itself when it already is that type). */
export function storeAs(values: Float64Array | Float32Array, dtype: DType): DataId {
  if (dtype === 'float32' && values instanceof Float32Array) return new CpuBuffer(values);
  const out = allocate(dtype, values.length);
  out.set(values);
  return new CpuBuffer(out);
}

/** The elements behind `id`; throws for another backend's handle or a disposed buffer. */
export function valuesOf(id: DataId): TypedArray {
  if (!(id instanceof CpuBuffer)) {
    throw new Error(`cpu: got a buffer of backend '${id.backendName}' (expected a buffer made by the cpu backend)`);
  }
  if (id.values === null) throw new Error('cpu: buffer was already disposed');
  return id.values;
}

/** Frees the elements behind `id` (keeping large arrays for reuse); disposing twice is harmless. */
export function release(id: DataId): void {
  if (id instanceof CpuBuffer) {
    if (id.values) {
      if (resident?.holds(id.values)) resident.heap.free(id.values.byteOffset);
      else recycle(id.values);
    }
    id.values = null;
  } else valuesOf(id);
}

/*
 * Where memory is shared, arrays of at least MIN_RESIDENT_BYTES are views of the wasm runtime's
 * memory, carved from its heap: the SIMD kernels then read their operands and write their
 * results in place, where otherwise each call copies every operand in and every result out.
 * (Unshared memory is not used: its views detach whenever it grows.)
 */
const MIN_RESIDENT_BYTES = 1024;
let resident: WasmRuntime | null = null;

/** Makes arrays from now on live in `rt`'s memory where they can; its memory must be shared. */
export function keepResidentIn(rt: WasmRuntime): void {
  if (!rt.shared) throw new Error('cpu: resident arrays need shared wasm memory (unshared views detach as memory grows)');
  resident = rt;
}

/** The byte address of element `offset` of `values` in `rt`'s memory, or null where it lives elsewhere. */
export function addressIn(rt: WasmRuntime, values: TypedArray, offset = 0): number | null {
  return rt.holds(values) ? values.byteOffset + offset * values.BYTES_PER_ELEMENT : null;
}

const constructors = { float32: Float32Array, int32: Int32Array, float64: Float64Array } as const;

function residentArray(dtype: DType, size: number): TypedArray | null {
  const type = constructors[dtype as keyof typeof constructors];
  if (!resident || !type || size * type.BYTES_PER_ELEMENT < MIN_RESIDENT_BYTES) return null;
  const at = resident.heap.alloc(size * type.BYTES_PER_ELEMENT);
  return at === null ? null : resident.view(type, at, size);
}

/** A copy of `values` that this backend owns. */
export function ownCopy(values: TypedArray): TypedArray {
  const out = uninitialized(dtypeOf(values), values.length);
  out.set(values);
  return out;
}

/*
 * Freed arrays of the sizes a training step keeps making, kept for the next step. A fresh
 * multi-megabyte typed array is zero pages the OS maps in on first touch: for a 1M-element
 * output that page faulting cost more than the arithmetic (4–5 ms against ~1 ms here). Every
 * buffer handle owns its array alone (kernels never store an array they did not allocate), so
 * an array whose handle was disposed is free to hand out again.
 */
const MIN_POOLED_BYTES = 64 * 1024;
const MAX_POOLED_BYTES = 256 * 1024 * 1024;
const MAX_PER_SIZE = 16;
const free = new Map<string, TypedArray[]>();
let pooledBytes = 0;

/** Bytes of freed JavaScript arrays kept for reuse (see recycle). */
export function recycledBytes(): number {
  return pooledBytes;
}

const keyOf = (dtype: DType, size: number) => `${dtype}:${size}`;

function dtypeOf(values: TypedArray): DType {
  return values instanceof Float32Array ? 'float32' : values instanceof Int32Array ? 'int32' : 'float64';
}

function recycle(values: TypedArray): void {
  const bytes = values.byteLength;
  // Only arrays that own their whole buffer: a subarray would pin a larger buffer.
  if (bytes < MIN_POOLED_BYTES || values.byteOffset !== 0 || values.buffer.byteLength !== bytes) return;
  if (pooledBytes + bytes > MAX_POOLED_BYTES) return;
  const key = keyOf(dtypeOf(values), values.length);
  const list = free.get(key) ?? [];
  if (list.length >= MAX_PER_SIZE) return;
  list.push(values);
  free.set(key, list);
  pooledBytes += bytes;
}

/** An array of `size` elements with unspecified contents: for kernels that write every element. */
export function uninitialized(dtype: DType, size: number): TypedArray {
  const inWasm = residentArray(dtype, size);
  if (inWasm) return inWasm;
  const reused = free.get(keyOf(dtype, size))?.pop();
  if (!reused) return allocate(dtype, size);
  pooledBytes -= reused.byteLength;
  return reused;
}

/** An array of `size` zeros, reusing a freed one where there is one. */
export function zeroed(dtype: DType, size: number): TypedArray {
  const inWasm = residentArray(dtype, size);
  if (inWasm) return inWasm.fill(0);
  const reused = free.get(keyOf(dtype, size))?.pop();
  if (!reused) return allocate(dtype, size);
  pooledBytes -= reused.byteLength;
  return reused.fill(0);
}
