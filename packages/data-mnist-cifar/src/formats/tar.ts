/** A regular file inside a tar archive; `data` is a view into the archive bytes. */
export interface TarEntry {
  name: string;
  data: Uint8Array;
}

const BLOCK = 512;
const decoder = new TextDecoder();

/**
 * Lists the regular files of an uncompressed tar archive: POSIX ustar (with its name
 * prefix), GNU (with 'L' long names) and pax ('x' path records). Directories, links
 * and devices are skipped because dataset archives only need their files.
 */
export function readTar(bytes: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let longName: string | undefined;
  for (let at = 0; ; ) {
    if (at + BLOCK > bytes.length) {
      throw new Error(
        `readTar: the archive ends at byte ${bytes.length} without its end-of-archive marker (a zero block at byte ${at}); it is truncated or not a tar archive`,
      );
    }
    const header = bytes.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break; // end-of-archive marker
    verifyChecksum(header, at);
    const size = octal(header, 124, 12, at);
    const start = at + BLOCK;
    if (start + size > bytes.length) {
      throw new Error(
        `readTar: entry at byte ${at} declares ${size} bytes but the archive ends ${bytes.length - start} bytes after its header (truncated)`,
      );
    }
    const data = bytes.subarray(start, start + size);
    const type = String.fromCharCode(header[156]!);
    if (type === 'L') longName = text(data, 0, size);
    else if (type === 'x') longName = paxPath(data, at) ?? longName;
    else {
      if (type === '0' || type === '\0' || type === '7') entries.push({ name: longName ?? headerName(header), data });
      longName = undefined;
    }
    at = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}

function headerName(header: Uint8Array): string {
  const name = text(header, 0, 100);
  // Only POSIX ustar ("ustar\0") has the prefix field; GNU ("ustar  ") keeps other data there.
  const posix = text(header, 257, 6) === 'ustar' && header[262] === 0;
  const prefix = posix ? text(header, 345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function verifyChecksum(header: Uint8Array, at: number): void {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  const stored = octal(header, 148, 8, at);
  if (stored !== sum) {
    throw new Error(
      `readTar: header at byte ${at} has checksum ${stored} but its bytes sum to ${sum}; this is not a tar archive or it is corrupt`,
    );
  }
}

function octal(header: Uint8Array, offset: number, length: number, at: number): number {
  if (header[offset]! & 0x80)
    throw new Error(`readTar: header at byte ${at} uses base-256 numbers (files over 8 GiB), which are not supported`);
  const digits = text(header, offset, length).trim();
  if (!/^[0-7]*$/.test(digits)) throw new Error(`readTar: header at byte ${at} has '${digits}' where an octal number belongs`);
  return digits === '' ? 0 : parseInt(digits, 8);
}

/** A NUL-terminated ASCII field. */
function text(bytes: Uint8Array, offset: number, length: number): string {
  const field = bytes.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return decoder.decode(end < 0 ? field : field.subarray(0, end));
}

/**
 * The `path` of a pax extended header: records "<length> <key>=<value>\n" where <length>
 * counts the whole record. One pass over the bytes: the length is read digit by digit and
 * only a `path` value is decoded, so a huge or hostile record costs time linear in its size.
 */
function paxPath(data: Uint8Array, headerAt: number): string | undefined {
  let path: string | undefined;
  for (let at = 0; at < data.length && data[at] !== 0; ) {
    let length = 0;
    let i = at;
    for (; i < data.length && i - at < MAX_LENGTH_DIGITS && data[i]! >= 0x30 && data[i]! <= 0x39; i++)
      length = length * 10 + data[i]! - 0x30;
    if (i === at || data[i] !== 0x20) throw malformedPax(headerAt, at, data.length, 'expected a decimal length then a space');
    const end = at + length; // one past the record's closing newline
    if (end <= i + 2 || end > data.length)
      throw malformedPax(headerAt, at, data.length, `its length ${length} does not fit between its key and the end of the header`);
    if (data[end - 1] !== 0x0a)
      throw malformedPax(headerAt, at, data.length, `the byte at its declared end (length ${length}) is not a newline`);
    const eq = data.subarray(i + 1, end - 1).indexOf(0x3d) + i + 1;
    if (eq <= i + 1) throw malformedPax(headerAt, at, data.length, "expected 'key=value'");
    if (eq - (i + 1) === PATH_KEY.length && PATH_KEY.every((c, k) => data[i + 1 + k] === c))
      path = decoder.decode(data.subarray(eq + 1, end - 1));
    at = end;
  }
  return path;
}

function malformedPax(headerAt: number, at: number, size: number, why: string): Error {
  return new Error(`readTar: pax header at byte ${headerAt} has a malformed record at offset ${at} of its ${size} bytes: ${why}`);
}

// A length of 15 decimal digits already exceeds any archive a Uint8Array can hold.
const MAX_LENGTH_DIGITS = 15;
const PATH_KEY = Array.from('path', (c) => c.charCodeAt(0));
