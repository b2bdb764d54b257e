import { createHash } from 'node:crypto';
import { hashUniformValues, type HashSpec } from './hash-init.js';

/** A checkpoint as the generator stores it: the file's JSON header, its size and its SHA-256. */
export interface StoredCheckpoint {
  header: string;
  bytes: number;
  sha256: string;
}

interface HeaderEntry {
  dtype: 'F32' | 'I64';
  shape: number[];
  data_offsets: [number, number];
}

/**
 * The bytes of the safetensors file the generator wrote: the 8-byte header length, the header as
 * stored, and each tensor's little-endian bytes at its offsets, F32 entries from their hash spec
 * and I64 entries (num_batches_tracked) from their stored counts.
 */
export function rebuildCheckpoint(
  stored: StoredCheckpoint,
  init: Record<string, HashSpec | null>,
  counts: Record<string, number>,
): Uint8Array {
  const header = new TextEncoder().encode(stored.header);
  const entries = Object.entries(JSON.parse(stored.header) as Record<string, HeaderEntry>).filter(([k]) => k !== '__metadata__');
  const dataStart = 8 + header.length;
  const bytes = new Uint8Array(dataStart + Math.max(...entries.map(([, e]) => e.data_offsets[1])));
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(header.length), true);
  bytes.set(header, 8);
  for (const [
    key,
    {
      dtype,
      shape,
      data_offsets: [begin],
    },
  ] of entries) {
    const at = dataStart + begin;
    if (dtype === 'I64') {
      view.setBigInt64(at, BigInt(counts[key]!), true);
      continue;
    }
    const values = hashUniformValues(
      init[key]!,
      shape.reduce((a, b) => a * b, 1),
    );
    for (let i = 0; i < values.length; i++) view.setFloat32(at + 4 * i, values[i]!, true);
  }
  return bytes;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
