import type { Backend } from '../backend/backend.js';
import { getBackend } from '../backend/registry.js';
import type { DType, TypedArray } from '../dtype.js';
import { tensor } from '../ops/creation.js';
import type { Tensor } from '../tensor.js';
import { FORMATS, METADATA_KEY, quoteName, readHeader } from './safetensors-header.js';
import { LOADABLE } from './safetensors-formats.js';
import { sizeOf } from '../shape.js';

/**
 * The safetensors file of `tensors` (https://huggingface.co/docs/safetensors): an 8-byte
 * little-endian header length, a JSON header, then the raw little-endian data. Laid out as the
 * Python library lays it out, so the same tensors give the same bytes. Needs a backend that reads
 * synchronously (CPU); elsewhere use `saveSafetensorsAsync`.
 */
export function saveSafetensors(tensors: Record<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  const op = 'saveSafetensors';
  const entries = order(op, tensors, metadata);
  for (const [name, t] of entries) {
    if (!t.backend.readSync) {
      const where = `${op}: tensor '${name}' is on backend '${t.backend.name}'`;
      throw new Error(`${where}, which cannot read synchronously; use await saveSafetensorsAsync(tensors)`);
    }
  }
  return encode(
    entries,
    entries.map(([, t]) => t.dataSync()),
    metadata,
  );
}

/** `saveSafetensors` for any backend: waits for each tensor's data to download. */
export async function saveSafetensorsAsync(tensors: Record<string, Tensor>, metadata?: Record<string, string>): Promise<Uint8Array> {
  const entries = order('saveSafetensorsAsync', tensors, metadata);
  const values = await Promise.all(entries.map(([, t]) => t.data()));
  return encode(entries, values, metadata);
}

/**
 * The tensors of a safetensors file, e.g. one written by `safetensors.torch.save_file`. F32 and
 * I32 load as float32 and int32; F64 loads as float64 where the backend holds it. The whole file is
 * checked before any tensor is created, so a malformed file throws and leaks nothing.
 */
export function loadSafetensors(bytes: Uint8Array, opts?: { backend?: Backend }): Record<string, Tensor> {
  const backend = opts?.backend ?? getBackend();
  const header = readHeader('loadSafetensors', bytes, backend.capabilities.dtypes);
  const out: Record<string, Tensor> = {};
  try {
    for (const { name, dtype, format, shape, begin, end } of header.tensors) {
      const data = bytes.subarray(header.dataStart + begin, header.dataStart + end);
      const values = LOADABLE[format]!.decode(data, sizeOf(shape), dtype, `loadSafetensors: tensor ${quoteName(name)}`);
      // defineProperty: a tensor named '__proto__' must stay a key, not replace the prototype.
      Object.defineProperty(out, name, {
        value: tensor(values, shape, { dtype, backend }),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  } catch (e) {
    for (const t of Object.values(out)) t.dispose();
    throw e;
  }
  return out;
}

/** The `__metadata__` strings of a safetensors file (empty when it has none), after checking the file. */
export function readSafetensorsMetadata(bytes: Uint8Array): Record<string, string> {
  return readHeader('readSafetensorsMetadata', bytes, Object.keys(FORMATS) as DType[]).metadata;
}

type Entry = readonly [name: string, t: Tensor];

/** The Python library's order: by dtype, widest first (keeps every tensor aligned), then by name. */
function order(op: string, tensors: Record<string, Tensor>, metadata: Record<string, string> | undefined): Entry[] {
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (typeof value !== 'string') throw new Error(`${op}: metadata '${key}' must be a string, but is ${typeof value}`);
  }
  const entries = Object.entries(tensors);
  for (const [name, t] of entries) {
    if (name === METADATA_KEY) throw new Error(`${op}: '${METADATA_KEY}' is reserved for metadata and cannot name a tensor`);
    if (t.isDisposed) throw new Error(`${op}: tensor '${name}' was disposed (shape [${t.shape.join(', ')}], ${t.dtype})`);
  }
  const rank = (t: Tensor) => FORMATS[t.dtype].rank;
  return entries.sort(([a, ta], [b, tb]) => rank(tb) - rank(ta) || (a < b ? -1 : a > b ? 1 : 0));
}

function encode(entries: readonly Entry[], values: readonly TypedArray[], metadata: Record<string, string> | undefined): Uint8Array {
  // Built by hand: a JS object would move integer-like names ('0', '1') ahead of the others.
  const fields: string[] = [];
  if (metadata) {
    const sorted = Object.keys(metadata)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`);
    fields.push(`"${METADATA_KEY}":{${sorted.join(',')}}`);
  }
  let offset = 0;
  for (const [name, t] of entries) {
    const end = offset + t.numel() * FORMATS[t.dtype].bytes;
    const info = { dtype: FORMATS[t.dtype].name, shape: t.shape, data_offsets: [offset, end] };
    fields.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
    offset = end;
  }
  const json = new TextEncoder().encode(`{${fields.join(',')}}`);
  // Spaces pad the header to a multiple of 8 so the data starts 8-byte aligned, as the Python library does.
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const v of values) {
    out.set(littleEndianBytes(v), at);
    at += v.byteLength;
  }
  return out;
}

const platformIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
function littleEndianBytes(values: TypedArray): Uint8Array {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return platformIsLittleEndian ? bytes : swapped(bytes.slice(), values.BYTES_PER_ELEMENT);
}

/** Safetensors data is little-endian whatever the host; a big-endian host reverses each element. */
function swapped(bytes: Uint8Array, width: number): Uint8Array {
  for (let i = 0; i < bytes.length; i += width) bytes.subarray(i, i + width).reverse();
  return bytes;
}
