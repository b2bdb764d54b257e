import { withOp } from '../errors/with-op.js';
import type { ByteSource } from './byte-source.js';

export interface FetchBytesOptions {
  /** The fetch to use (default: the global one); a test or an app can pass its own. */
  fetch?: typeof fetch;
}

/** The body of `url` as bytes, with `fetch` (every runtime); any HTTP error status is an error. */
export function fetchBytes(url: string, opts: FetchBytesOptions = {}): Promise<Uint8Array> {
  return fetchRequired('fetchBytes', url, opts);
}

/** fetchBytes for a caller that names itself (`op`) in the errors. */
export async function fetchRequired(op: string, url: string, opts: FetchBytesOptions = {}): Promise<Uint8Array> {
  const bytes = await withOp(op, () => fetchIfPresent(url, opts));
  if (!bytes) throw new Error(`${op}: ${url} answered HTTP 404 Not Found`);
  return bytes;
}

/**
 * The body of `url`, or null when the server answers 404. Errors say what failed with the
 * URL but not who asked: callers put their own name in front.
 */
export async function fetchIfPresent(url: string, opts: FetchBytesOptions = {}): Promise<Uint8Array | null> {
  let response: Response;
  try {
    response = await (opts.fetch ?? fetch)(url);
  } catch (e) {
    throw new Error(`could not fetch ${url} (${(e as Error).message})`, { cause: e });
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return null;
  }
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** A ByteSource over HTTP: `baseUrl + name`, a 404 meaning the file is absent. */
export function urlSource(baseUrl: string, opts: FetchBytesOptions = {}): ByteSource {
  const base = withSlash(baseUrl);
  return {
    locate: (name) => base + name,
    read: (name) => fetchIfPresent(base + name, opts),
    missingHint: () => `check that ${base} serves them (a 404 means a file is missing)`,
  };
}

/** `url` with exactly one slash at the end, so file names can be appended. */
export function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
