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

/** Frees the elements behind `id`; disposing twice is harmless. */
export function release(id: DataId): void {
  if (id instanceof CpuBuffer) id.values = null;
  else valuesOf(id);
}
