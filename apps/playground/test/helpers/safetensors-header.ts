/** The header of a safetensors file: each tensor's dtype, shape and byte range, and the metadata. */
export interface SafetensorsHeader {
  tensors: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  metadata: Record<string, string>;
}

/** Reads the JSON header after the 8-byte little-endian length, as any safetensors reader does. */
export function safetensorsHeader(bytes: Uint8Array): SafetensorsHeader {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  const { __metadata__, ...tensors } = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  return { tensors, metadata: __metadata__ ?? {} };
}
