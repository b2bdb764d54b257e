import { gunzip } from '../formats/gzip.js';
import { readTar } from '../formats/tar.js';
import { describe } from '../errors/describe.js';
import { withOp } from '../errors/with-op.js';
import { fetchRequired, withSlash } from '../io/fetch-bytes.js';
import { fileSize, joinPath, readIfExists, removeFile, writeFileAtomic } from '../io/files.js';
import type { DownloadedFile, DownloadOptions } from './download-options.js';
import { DATASETS, type RemoteFile } from './resources.js';
import { sha256Hex } from './sha256.js';

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
    bytes = await fetchRequired('download', url);
    if (file.decode === 'gunzip') bytes = await withOp(`download: ${url}`, () => gunzip(bytes!, { maxBytes: file.maxUnpackedBytes }));
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

/** Writes the archive's files under `dir`, skipping those already there with the right size. */
async function extractArchive(dir: string, file: RemoteFile, archive: Uint8Array): Promise<string[]> {
  const name = file.local;
  const entries = readTar(await withOp(`download: ${name}`, () => gunzip(archive, { maxBytes: file.maxUnpackedBytes })));
  const written: string[] = [];
  for (const entry of entries) {
    const parts = entry.name.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.includes('..') || entry.name.startsWith('/')) {
      throw new Error(`download: ${name} holds ${describe(entry.name)}, a path outside the target directory; refusing to extract it`);
    }
    const path = joinPath(dir, ...parts);
    if ((await fileSize(path)) !== entry.data.length) await writeFileAtomic(path, entry.data);
    written.push(parts.join('/'));
  }
  return written;
}
