/** Element types. float64 exists for `gradcheck` and backends that declare it in `capabilities.dtypes`. */
export type DType = 'float32' | 'int32' | 'float64';

export type TypedArray = Float32Array | Int32Array | Float64Array;

export function allocate(dtype: DType, size: number): TypedArray {
  // A typed array truncates 2.5 to 2 and NaN to 0 without a word: refuse both here.
  if (!Number.isInteger(size) || size < 0) throw new Error(`allocate: size must be a non-negative integer but got ${size}`);
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'float64':
      return new Float64Array(size);
  }
}

export function bytesPerElement(dtype: DType): number {
  return dtype === 'float64' ? 8 : 4;
}

export function dtypeOfArray(values: TypedArray): DType {
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Int32Array) return 'int32';
  return 'float64';
}

export function isFloating(dtype: DType): boolean {
  return dtype !== 'int32';
}

/** PyTorch's promotion for the dtypes we have: any float wins over int, float64 over float32. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === 'float64' || b === 'float64') return 'float64';
  return 'float32';
}
