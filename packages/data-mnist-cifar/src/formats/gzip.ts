/** Whether `bytes` start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses a gzip stream with the web-standard `DecompressionStream`, which Node,
 * Bun, Deno and browsers all provide, so the package needs no zlib binding.
 */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (!isGzip(bytes)) {
    const head = Array.from(bytes.subarray(0, 2), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new Error(`gunzip: bytes start with '${head}', not the gzip magic number 1f 8b`);
  }
  // Blob's types want an ArrayBuffer-backed view; ours come from fetch, files or gunzip.
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new Error(`gunzip: the gzip stream of ${bytes.length} bytes is corrupt or truncated (${(e as Error).message})`, { cause: e });
  }
}
