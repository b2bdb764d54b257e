import { crc32, crc32Hex } from './crc32.js';

/**
 * The checkpoint's CRC-32 covers the whole file: the header, with the checksum's own 8 digits
 * read as zeros, then the data. It is written into the header after the file is laid out (a
 * placeholder of the same width is patched), so the file is encoded once.
 */
export const CHECKSUM_PLACEHOLDER = `crc32:${'0'.repeat(8)}`;

/** Writes the checksum over the placeholder of a file just encoded with it. */
export function sealChecksum(bytes: Uint8Array): void {
  const at = checksumDigits(bytes, CHECKSUM_PLACEHOLDER);
  if (at < 0) throw new Error('saveCheckpoint: the encoded header has no checksum placeholder (a bug: please report it)');
  bytes.set(ascii(crc32Hex(fileCrc(bytes, at))), at);
}

/**
 * The file's CRC-32 as `crc32:<8 hex digits>`, computed with the digits of the recorded
 * `"checksum":"<recorded>"` read as zeros; undefined where the header holds no such entry.
 */
export function recomputeChecksum(bytes: Uint8Array, recorded: string): string | undefined {
  const at = checksumDigits(bytes, recorded);
  return at < 0 ? undefined : `crc32:${crc32Hex(fileCrc(bytes, at))}`;
}

/** The CRC-32 of `bytes` with the 8 digits at `at` read as '0's. */
function fileCrc(bytes: Uint8Array, at: number): number {
  const zeros = ascii('0'.repeat(8));
  let crc = crc32(bytes.subarray(0, at));
  crc = crc32(zeros, crc);
  return crc32(bytes.subarray(at + 8), crc);
}

/** Where the 8 digits of `"checksum":"<value>"` start in the header, or -1. */
function checksumDigits(bytes: Uint8Array, value: string): number {
  if (bytes.length < 8) return -1;
  const headerEnd = Math.min(bytes.length, 8 + Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true)));
  const needle = ascii(`"checksum":${JSON.stringify(value)}`);
  const found = indexOf(bytes.subarray(8, headerEnd), needle);
  return found < 0 ? -1 : 8 + found + needle.length - 1 - 8;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function ascii(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}
