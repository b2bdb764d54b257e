/** Bytes of hand-made safetensors files, for the serialization family's malformed-file cases. */

/** A safetensors file from a header (object or exact text) and data; `length` overrides the length field. */
export function craft(header: unknown, data: number | Uint8Array, length?: bigint): Uint8Array {
  const json = ascii(typeof header === 'string' ? header : JSON.stringify(header));
  return concat(u64(length ?? BigInt(json.length)), json, typeof data === 'number' ? new Uint8Array(data) : data);
}

/** The JSON header of a safetensors file, as text. */
export function headerOf(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes.subarray(8, 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true))));
}

/** `n` as 8 little-endian bytes: the header length field. */
export function u64(n: number | bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  return out;
}

export const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
export const bytesOf = (values: Float32Array | Int32Array): Uint8Array => new Uint8Array(values.buffer);

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Base64 text as bytes; `atob` is in every runtime the suite runs in (Node, Bun, Deno, browsers). */
export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
