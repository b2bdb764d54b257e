import { allocate, type DataId, type DType, type TypedArray } from '@stride/core-tensor';

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
    if (id.values) recycle(id.values);
    id.values = null;
  } else valuesOf(id);
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
  const reused = free.get(keyOf(dtype, size))?.pop();
  if (!reused) return allocate(dtype, size);
  pooledBytes -= reused.byteLength;
  return reused;
}

/** An array of `size` zeros, reusing a freed one where there is one. */
export function zeroed(dtype: DType, size: number): TypedArray {
  const reused = free.get(keyOf(dtype, size))?.pop();
  if (!reused) return allocate(dtype, size);
  pooledBytes -= reused.byteLength;
  return reused.fill(0);
}
