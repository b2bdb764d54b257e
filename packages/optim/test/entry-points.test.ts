import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as browserFs from '../src/fs/browser.js';
import * as nodeFs from '../src/fs/index.js';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Every module the file reaches through relative imports, and the bare specifiers they import. */
function importGraph(entry: string): { files: string[]; specifiers: string[] } {
  const files = new Set<string>();
  const specifiers = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+'([^']+)'/g)) {
      if (spec!.startsWith('.')) visit(resolve(dirname(file), spec!.replace(/\.js$/, '.ts')));
      else specifiers.add(spec!);
    }
  };
  visit(join(src, entry));
  return { files: [...files].map((f) => f.slice(src.length + 1)).sort(), specifiers: [...specifiers].sort() };
}

describe('entry points', () => {
  it('the main entry imports nothing from node: and none of the file-system code, so it bundles for browsers', () => {
    const { files, specifiers } = importGraph('index.ts');
    expect(specifiers).toEqual(['@stride/core-tensor']);
    expect(files.filter((f) => f.startsWith('fs/'))).toEqual([]);
    expect(files).toContain('checkpoint/save-checkpoint.ts');
  });

  it('@stride/optim/fs has a browser build with the same exports, which throws a clear error', async () => {
    expect(Object.keys(browserFs).sort()).toEqual(Object.keys(nodeFs).sort());
    await expect(browserFs.saveCheckpointFile('x', {} as never)).rejects.toThrow(
      'saveCheckpointFile: files need Node, Bun or Deno, and this is the browser build of @stride/optim/fs (use saveCheckpoint(state) and store the bytes, from @stride/optim)',
    );
    await expect(browserFs.loadCheckpointFile('x', {} as never)).rejects.toThrow('loadCheckpointFile: files need Node, Bun or Deno');
  });

  it('package.json routes ./fs by runtime: node, bun and deno to the file build, browser and default to the browser build', () => {
    const pkg = JSON.parse(readFileSync(join(src, '..', 'package.json'), 'utf8')) as { exports: Record<string, Record<string, unknown>> };
    const fs = pkg.exports['./fs']!;
    expect(Object.keys(fs)).toEqual(['stride-source', 'bun', 'deno', 'node', 'browser', 'default']);
    for (const runtime of ['bun', 'deno', 'node']) expect(JSON.stringify(fs[runtime])).toContain('./dist/fs.js');
    for (const other of ['browser', 'default']) expect(JSON.stringify(fs[other])).toContain('./dist/fs-browser.js');
  });
});
