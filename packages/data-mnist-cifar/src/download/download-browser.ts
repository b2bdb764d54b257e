import type { DownloadedFile, DownloadOptions } from './download-options.js';

/**
 * `download` in the browser build: it saves files into a directory, which a browser has not.
 * It keeps the Node build's signature so both builds type-check the same, and says what to
 * do instead.
 */
export async function download(opts: DownloadOptions): Promise<DownloadedFile[]> {
  throw new Error(
    `download: saving ${String(opts?.dataset)} into a directory needs a file system (Node, Bun or Deno); ` +
      'in a browser, serve the files and read them with loadMnist / loadFashionMnist / loadCifar10 / loadCifar100({ baseUrl })',
  );
}
