import { describe } from '../errors/describe.js';
import type { Split } from './split.js';

/** Where Debian's dataset-fashion-mnist package installs its four .gz files (apt-get install dataset-fashion-mnist). */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** Where a loader finds a dataset's files: one of a directory or a URL. */
export interface SourceOptions {
  /** Directory holding the files (Node, Bun and Deno). */
  dir?: string;
  /** URL the files are served from, read with `fetch` (every runtime, browsers included). */
  baseUrl?: string;
}

export interface MnistOptions extends SourceOptions {
  split?: Split;
}

export interface CifarOptions extends SourceOptions {
  split?: Split;
}

export interface Cifar100Options extends CifarOptions {
  /** 'fine': the 100 classes (default, as torchvision); 'coarse': the 20 superclasses. */
  labels?: 'fine' | 'coarse';
}

/** Checks that `opts` names at most one source; which one, or neither. */
export function chooseSource(op: string, opts: SourceOptions | undefined): { dir: string } | { baseUrl: string } | null {
  if (typeof opts !== 'object' || opts === null)
    throw new Error(`${op}: expected an options object { dir or baseUrl, split }, got ${describe(opts)}`);
  const { dir, baseUrl } = opts;
  for (const [name, value] of [
    ['dir', dir],
    ['baseUrl', baseUrl],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || value === ''))
      throw new Error(`${op}: ${name} must be a non-empty string, got ${describe(value)}`);
  }
  if (dir !== undefined && baseUrl !== undefined)
    throw new Error(`${op}: give dir or baseUrl, not both (got dir ${describe(dir)} and baseUrl ${describe(baseUrl)})`);
  if (dir !== undefined) return { dir };
  if (baseUrl !== undefined) return { baseUrl };
  return null;
}
