export interface GunzipOptions {
  /**
   * Most bytes the stream may inflate to (default 64 MiB, above any single MNIST or
   * Fashion-MNIST file). Decompression stops as soon as the output passes it, so a small
   * hostile file cannot fill the memory.
   */
  maxBytes?: number;
}

/** gunzip's output limit when none is given: 64 MiB. */
export const DEFAULT_GUNZIP_MAX_BYTES = 64 * 1024 * 1024;

/** Whether `bytes` start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses a gzip stream with the web-standard `DecompressionStream`, which Node,
 * Bun, Deno and browsers all provide, so the package needs no zlib binding. The output
 * is counted chunk by chunk and decompression is cancelled once it passes `maxBytes`.
 */
export async function gunzip(bytes: Uint8Array, opts: GunzipOptions = {}): Promise<Uint8Array> {
  const maxBytes = opts.maxBytes ?? DEFAULT_GUNZIP_MAX_BYTES;
  if (!(Number.isSafeInteger(maxBytes) && maxBytes >= 0)) {
    throw new Error(`gunzip: maxBytes must be a non-negative integer, got ${String(maxBytes)}`);
  }
  if (!isGzip(bytes)) {
    const head = Array.from(bytes.subarray(0, 2), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new Error(`gunzip: bytes start with '${head}', not the gzip magic number 1f 8b`);
  }
  // Blob's types want an ArrayBuffer-backed view; ours come from fetch, files or gunzip.
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (e) {
      throw new Error(`gunzip: the gzip stream of ${bytes.length} bytes is corrupt or truncated (${(e as Error).message})`, { cause: e });
    }
    if (chunk.done) break;
    total += chunk.value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new Error(
        `gunzip: the gzip stream of ${bytes.length} bytes inflates to more than maxBytes = ${maxBytes} bytes; ` +
          'decompression was stopped (pass a larger maxBytes if the data is trusted)',
      );
    }
    chunks.push(chunk.value);
  }
  return concatChunks(chunks, total);
}

function concatChunks(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
