import { allocate, type DType, type TypedArray } from '../dtype.js';

/**
 * The safetensors dtypes Stride loads, and what each becomes: its own dtypes as they are, and the
 * ones PyTorch checkpoints hold that Stride has no dtype for, converted exactly where they can be.
 * I64 (torchvision's `num_batches_tracked`) becomes int32 when every value fits, else loading
 * fails naming the tensor; BOOL becomes int32 0/1 (Stride's masks); F16 and BF16 become float32,
 * which holds every value of both exactly.
 */
export interface LoadableFormat {
  readonly bytes: number;
  /** The Stride dtype it loads as, given the dtypes the backend holds (null: it cannot load here). */
  target(dtypes: readonly DType[]): DType | null;
  /** Little-endian bytes of `count` elements to values of the target dtype; throws (naming `where`) where a value does not fit. */
  decode(bytes: Uint8Array, count: number, dtype: DType, where: string): TypedArray;
}

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const ARRAYS = { float64: Float64Array, float32: Float32Array, int32: Int32Array } as const;

const native = (dtype: DType, bytes: number): LoadableFormat => ({
  bytes,
  target: (dtypes) => (dtypes.includes(dtype) ? dtype : null),
  decode: (data, count) => {
    // A copy, aligned even where the range in the file is not. `new Uint8Array(data)`, not
    // `data.slice()`: a Node Buffer's slice() is a view of its pool, not a copy.
    if (littleEndianHost) return new ARRAYS[dtype](new Uint8Array(data).buffer, 0, count);
    const out = allocate(dtype, count);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let i = 0; i < count; i++) {
      out[i] =
        dtype === 'float64'
          ? view.getFloat64(i * 8, true)
          : dtype === 'float32'
            ? view.getFloat32(i * 4, true)
            : view.getInt32(i * 4, true);
    }
    return out;
  },
});

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

export const LOADABLE: Readonly<Record<string, LoadableFormat>> = {
  F64: native('float64', 8),
  F32: native('float32', 4),
  I32: native('int32', 4),
  I64: {
    bytes: 8,
    target: () => 'int32',
    decode(data, count, _dtype, where) {
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const v = view.getBigInt64(i * 8, true);
        if (v < INT32_MIN || v > INT32_MAX) {
          throw new Error(
            `${where} is I64 and holds ${v} at flat index ${i}, which int32 cannot hold (expected every value in [-2147483648, 2147483647])`,
          );
        }
        out[i] = Number(v);
      }
      return out;
    },
  },
  BOOL: {
    bytes: 1,
    target: () => 'int32',
    decode(data, count, _dtype, where) {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const v = data[i]!;
        if (v > 1) throw new Error(`${where} is BOOL but byte ${i} is ${v} (expected 0 or 1)`);
        out[i] = v;
      }
      return out;
    },
  },
  F16: {
    bytes: 2,
    target: () => 'float32',
    decode(data, count) {
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
      return out;
    },
  },
  BF16: {
    bytes: 2,
    target: () => 'float32',
    decode(data, count) {
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      const out = new Float32Array(count);
      const bits = new Uint32Array(out.buffer);
      // bfloat16 is the top half of a float32.
      for (let i = 0; i < count; i++) bits[i] = view.getUint16(i * 2, true) << 16;
      return out;
    },
  },
};

/** IEEE 754 binary16 to a number: sign, 5-bit exponent (bias 15), 10-bit fraction; subnormals, ±Infinity and NaN too. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
