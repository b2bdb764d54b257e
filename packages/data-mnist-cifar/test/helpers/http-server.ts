import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server on 127.0.0.1 (random port) serving `files` by name, counting requests
 * per name; names in `statuses` get that HTTP status and no body instead.
 */
export async function serveFiles(
  files: Record<string, Uint8Array>,
  statuses: Record<string, number> = {},
): Promise<{
  baseUrl: string;
  requests: Record<string, number>;
  close: () => Promise<void>;
}> {
  const requests: Record<string, number> = {};
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1));
    requests[name] = (requests[name] ?? 0) + 1;
    if (statuses[name]) {
      res.writeHead(statuses[name]).end();
      return;
    }
    const body = files[name];
    if (!body) {
      res.writeHead(404, 'Not Found').end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
