import { gunzip } from '../formats/gzip.js';
import { readTar } from '../formats/tar.js';
import { fileSize, joinPath, readIfExists, removeFile, writeFileAtomic } from '../io/files.js';
import { DATASETS, type DatasetName, type RemoteFile } from './resources.js';
import { sha256Hex } from './sha256.js';

export interface DownloadOptions {
  dataset: DatasetName;
  /** Directory the files are saved in; the loaders read from the same directory. */
  dir: string;
  /** Replaces the canonical host (a mirror, a local server); file names are appended to it. */
  baseUrl?: string;
  /** SHA-256 per saved file name, replacing the built-in values (for mirrors serving other files). */
  checksums?: Readonly<Record<string, string>>;
}

export interface DownloadedFile {
  /** Name of the verified file in `dir`. */
  file: string;
  /** 'cached': a valid copy was already in `dir` and nothing was fetched. */
  status: 'downloaded' | 'cached';
  sha256: string;
  /** For an archive: its files, now in `dir` (paths relative to it). */
  extracted: string[];
}

/**
 * Fetches a dataset's files into `dir` and verifies each one's SHA-256 before it is saved.
 * A file already in `dir` with the right hash is not fetched again; a file that fails
 * verification is never written (and a stale invalid copy is removed).
 */
export async function download(opts: DownloadOptions): Promise<DownloadedFile[]> {
  const resource = DATASETS[opts.dataset];
  if (!resource) {
    throw new Error(`download: dataset must be one of ${Object.keys(DATASETS).join(', ')}, got '${String(opts.dataset)}'`);
  }
  const baseUrl = withSlash(opts.baseUrl ?? resource.baseUrl);
  const results: DownloadedFile[] = [];
  for (const file of resource.files) {
    const expected = (opts.checksums?.[file.local] ?? file.sha256).toLowerCase();
    results.push(await fetchVerified(opts.dir, baseUrl, file, expected));
  }
  return results;
}

async function fetchVerified(dir: string, baseUrl: string, file: RemoteFile, expected: string): Promise<DownloadedFile> {
  const path = joinPath(dir, file.local);
  let bytes = await readIfExists(path);
  let status: DownloadedFile['status'] = 'cached';
  let actual = bytes && (await sha256Hex(bytes));
  if (!bytes || actual !== expected) {
    if (bytes) await removeFile(path);
    const url = baseUrl + file.remote;
    bytes = await fetchBytes(url);
    if (file.decode === 'gunzip') bytes = await withContext(`download: ${url}`, () => gunzip(bytes!, { maxBytes: file.maxUnpackedBytes }));
    actual = await sha256Hex(bytes);
    if (actual !== expected) {
      throw new Error(
        `download: ${file.local} (from ${url}) failed verification: expected sha256 ${expected}, got ${actual}; the file was not saved`,
      );
    }
    await writeFileAtomic(path, bytes);
    status = 'downloaded';
  }
  const extracted = file.extract ? await extractArchive(dir, file, bytes) : [];
  return { file: file.local, status, sha256: actual!, extracted };
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`download: could not fetch ${url} (${(e as Error).message})`, { cause: e });
  }
  if (!response.ok) throw new Error(`download: ${url} answered HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Writes the archive's files under `dir`, skipping those already there with the right size. */
async function extractArchive(dir: string, file: RemoteFile, archive: Uint8Array): Promise<string[]> {
  const name = file.local;
  const entries = readTar(await withContext(`download: ${name}`, () => gunzip(archive, { maxBytes: file.maxUnpackedBytes })));
  const written: string[] = [];
  for (const entry of entries) {
    const parts = entry.name.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.includes('..') || entry.name.startsWith('/')) {
      throw new Error(`download: ${name} holds '${entry.name}', a path outside the target directory; refusing to extract it`);
    }
    const path = joinPath(dir, ...parts);
    if ((await fileSize(path)) !== entry.data.length) await writeFileAtomic(path, entry.data);
    written.push(parts.join('/'));
  }
  return written;
}

async function withContext<T>(prefix: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new Error(`${prefix}: ${(e as Error).message}`, { cause: e });
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
