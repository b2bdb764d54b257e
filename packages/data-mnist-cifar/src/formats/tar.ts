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
  for (let at = 0; at + BLOCK <= bytes.length; ) {
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
    else if (type === 'x') longName = paxPath(data) ?? longName;
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

/** The `path` of a pax extended header: records of the form "<len> key=value\n". */
function paxPath(data: Uint8Array): string | undefined {
  let path: string | undefined;
  for (let at = 0; at < data.length; ) {
    const space = data.indexOf(0x20, at);
    const length = parseInt(decoder.decode(data.subarray(at, space)), 10);
    if (space < 0 || !(length > 0)) break;
    const record = decoder.decode(data.subarray(space + 1, at + length - 1));
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') path = record.slice(eq + 1);
    at += length;
  }
  return path;
}
