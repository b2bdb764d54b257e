/** An IDX array: its dimensions (outermost first) and its bytes in row-major order. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

// IDX magic: two zero bytes, a type code, the number of dimensions. Only unsigned
// bytes (0x08) occur in MNIST, Fashion-MNIST and EMNIST, so only they are read.
const UNSIGNED_BYTE = 0x08;

/**
 * Parses an uncompressed IDX file (LeCun's MNIST format): magic 0x00000803 for images,
 * 0x00000801 for labels, then one big-endian uint32 per dimension, then the bytes.
 * `data` is a view into `bytes`, not a copy.
 */
export function parseIdx(bytes: Uint8Array): IdxArray {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new Error('parseIdx: bytes are gzip-compressed (they start with 1f 8b); decompress them with gunzip(bytes) first');
  }
  if (bytes.length < 4) {
    throw new Error(`parseIdx: file is ${bytes.length} bytes, too short for the 4-byte IDX magic number`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const rank = bytes[3]!;
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== UNSIGNED_BYTE || rank === 0) {
    throw new Error(
      `parseIdx: magic number is 0x${magic.toString(16).padStart(8, '0')}, but an IDX file of unsigned bytes starts with ` +
        '0x000008NN where NN is its number of dimensions (0x00000803 for images, 0x00000801 for labels)',
    );
  }
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new Error(
      `parseIdx: header of a ${rank}-dimensional IDX file needs ${headerBytes} bytes but the file has ${bytes.length} (truncated)`,
    );
  }
  const dims: number[] = [];
  for (let d = 0; d < rank; d++) dims.push(view.getUint32(4 + 4 * d));
  // Exact: up to 255 dims of up to 2^32 - 1 each overflow a double long before they overflow a BigInt.
  const expected = dims.reduce((a, b) => a * BigInt(b), 1n);
  const actual = bytes.length - headerBytes;
  if (BigInt(actual) !== expected) {
    const why = BigInt(actual) < expected ? 'truncated' : `${BigInt(actual) - expected} trailing bytes`;
    throw new Error(
      `parseIdx: dims ${listDims(dims)} need ${countBytes(expected)} data bytes but the file has ${actual} after its ${headerBytes}-byte header (${why})`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

// Messages stay short whatever the header holds: at most 16 dims, and huge counts as powers of ten.
function listDims(dims: readonly number[]): string {
  const shown = dims.length > 16 ? [...dims.slice(0, 16), `… ${dims.length} dims in all`] : dims;
  return `[${shown.join(', ')}]`;
}

function countBytes(n: bigint): string {
  if (n <= BigInt(Number.MAX_SAFE_INTEGER)) return String(n);
  return `about 10^${String(n).length - 1} (more than any file holds)`;
}
