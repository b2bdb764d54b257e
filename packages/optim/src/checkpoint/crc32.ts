/**
 * CRC-32 (IEEE 802.3, the zlib/PNG/gzip checksum; crc32("123456789") = 0xcbf43926). Safetensors
 * has no checksum of its own, so a checkpoint records one to tell a file whose tail was never
 * written (zeros after a crash) from a complete one. `previous` continues a running checksum.
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let crc = ~previous >>> 0;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** The checksum as 8 lowercase hex digits. */
export function crc32Hex(crc: number): string {
  return crc.toString(16).padStart(8, '0');
}

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();
