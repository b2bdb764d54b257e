/** Unsigned LEB128, as wasm encodes sizes, indices and SIMD opcodes. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128, as wasm encodes i32.const immediates. */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** A length-prefixed vector or section payload. */
export function sized(bytes: readonly number[]): number[] {
  return [...uleb(bytes.length), ...bytes];
}

export function utf8(name: string): number[] {
  return sized([...new TextEncoder().encode(name)]);
}
