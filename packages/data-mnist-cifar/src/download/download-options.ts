import type { DatasetName } from './resources.js';

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
