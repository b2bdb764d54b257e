/** Lower-case hex SHA-256 of `bytes`, by the Web Crypto API (Node, Bun, Deno, browsers). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // Web Crypto's types want an ArrayBuffer-backed view; ours come from fetch, files or gunzip.
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
