import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as browserEntry from '../src/browser.ts';
import * as nodeEntry from '../src/index.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Bundles `code` (which imports the package by name) for the browser, as an app's bundler would. */
async function bundleForBrowser(code: string, conditions = ['stride-source']): Promise<{ text: string; inputs: string[] }> {
  const result = await build({
    stdin: { contents: code, resolveDir: packageDir, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions,
    metafile: true,
    logLevel: 'silent',
  });
  return { text: result.outputFiles[0]!.text, inputs: Object.keys((result.metafile as Metafile).inputs) };
}

const NODE_IMPORT = /["']node:[a-z/_]+["']/;

describe('the browser entry bundles for browsers', () => {
  it('bundles the whole entry with platform browser, with no node: import and no file-system module', async () => {
    const { text, inputs } = await bundleForBrowser("export * from '@stride/data-mnist-cifar';");
    expect(text).not.toMatch(NODE_IMPORT);
    expect(inputs.some((f) => f.endsWith('src/browser.ts'))).toBe(true);
    expect(inputs.filter((f) => f.endsWith('io/files.ts') || f.endsWith('download/download.ts'))).toEqual([]);
  });

  it('bundles DataLoader alone, leaving out the parsers and loaders it does not use', async () => {
    const { text, inputs } = await bundleForBrowser(
      "import { DataLoader } from '@stride/data-mnist-cifar'; (globalThis as Record<string, unknown>).DataLoader = DataLoader;",
    );
    expect(text).not.toMatch(NODE_IMPORT);
    expect(text).toContain('DataLoader: batchSize must be a positive integer');
    expect(text).not.toContain('readTar:');
    expect(text).not.toContain('parseCifarBatch:');
    expect(inputs.some((f) => f.endsWith('core-tensor/src/index.ts'))).toBe(true);
  });

  it('would fail with the Node entry, which reads the file system (so the checks above can fail)', async () => {
    await expect(bundleForBrowser("export * from './src/index.ts';")).rejects.toThrow(/node:fs\/promises/);
  });
});

describe('both entries', () => {
  it('export the same names, so code and types are the same in every runtime', () => {
    expect(Object.keys(browserEntry).sort()).toEqual(Object.keys(nodeEntry).sort());
  });

  it('differ only in the loaders and download', () => {
    const [node, browser] = [new Map(Object.entries(nodeEntry)), new Map(Object.entries(browserEntry))];
    const differing = [...node.keys()].filter((k) => node.get(k) !== browser.get(k));
    expect(differing.sort()).toEqual(['download', 'loadCifar10', 'loadCifar100', 'loadFashionMnist', 'loadMnist']);
  });
});

describe("package.json's conditional exports", () => {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };

  /** Node's rule for a conditions object: the first key, in the object's order, that is an active condition. */
  function resolve(target: unknown, conditions: readonly string[]): string {
    if (typeof target === 'string') return target;
    for (const [key, value] of Object.entries(target as Record<string, unknown>)) {
      if (key === 'default' || conditions.includes(key)) return resolve(value, conditions);
    }
    throw new Error(`no condition of ${JSON.stringify(conditions)} matches`);
  }
  const entry = (conditions: string[]) => resolve(manifest.exports['.'], conditions);

  it('give Node, Deno and Bun the file-system entry', () => {
    expect(entry(['node', 'import'])).toBe('./dist/index.js');
    // ESM only: require() of the package (Node 20.19+) loads the same module.
    expect(entry(['node', 'require'])).toBe('./dist/index.js');
    expect(entry(['deno', 'node', 'import'])).toBe('./dist/index.js');
    expect(entry(['bun', 'node', 'import'])).toBe('./dist/index.js');
  });

  it('give browsers, and any runtime with none of those conditions, the entry without a file system', () => {
    expect(entry(['browser', 'import'])).toBe('./dist/browser.js');
    expect(entry(['browser', 'require'])).toBe('./dist/browser.js');
    expect(entry(['workerd', 'worker', 'import'])).toBe('./dist/browser.js');
    expect(entry([])).toBe('./dist/browser.js');
  });

  it("point the repository's stride-source condition at the sources: browser.ts for browsers, index.ts otherwise", () => {
    expect(entry(['stride-source', 'browser', 'import'])).toBe('./src/browser.ts');
    expect(entry(['stride-source', 'node', 'import'])).toBe('./src/index.ts');
    expect(entry(['stride-source', 'import'])).toBe('./src/index.ts');
  });

  it('give TypeScript the same declarations through either entry', () => {
    expect(entry(['types', 'node', 'import'])).toBe('./dist/index.d.ts');
    expect(entry(['types', 'import'])).toBe('./dist/browser.d.ts');
  });
});
