import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `npm install` reads package-lock.json and `bun install` reads bun.lock: both must install the
// same versions, or a Bun user tests with other tools than CI.
const root = new URL('../../../', import.meta.url);
const npmLock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string; link?: boolean }>;
};
// bun.lock is JSON with trailing commas.
const bunLock = JSON.parse(readFileSync(new URL('bun.lock', root), 'utf8').replace(/,(\s*[}\]])/g, '$1')) as {
  workspaces: Record<string, { devDependencies?: Record<string, string> }>;
  packages: Record<string, [string, ...unknown[]]>;
};
const rootManifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { devDependencies: Record<string, string> };

/** name → version of what each lockfile puts at the top of node_modules (workspace links left out). */
function npmVersions(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, entry] of Object.entries(npmLock.packages)) {
    const name = path.replace(/^node_modules\//, '');
    if (!path.startsWith('node_modules/') || name.includes('node_modules/') || entry.link || !entry.version) continue;
    out.set(name, entry.version);
  }
  return out;
}

function bunVersions(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, [spec]] of Object.entries(bunLock.packages)) {
    const at = spec.lastIndexOf('@');
    const [name, version] = [spec.slice(0, at), spec.slice(at + 1)];
    // Nested copies are keyed parent/child; a workspace package's spec is "name@workspace:…".
    if (key !== name || version.startsWith('workspace:')) continue;
    out.set(name, version);
  }
  return out;
}

/** Every installed copy as name@version (npm nests a second version under its dependant). */
function resolvedPairs(packages: Record<string, { version?: string; link?: boolean }>): Set<string> {
  const out = new Set<string>();
  for (const [path, entry] of Object.entries(packages)) {
    if (!path.includes('node_modules/') || entry.link || !entry.version) continue;
    out.add(`${path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${entry.version}`);
  }
  return out;
}

describe('package-lock.json and bun.lock', () => {
  it('resolve every root tool to the same version', () => {
    const [npm, bun] = [npmVersions(), bunVersions()];
    for (const tool of Object.keys(rootManifest.devDependencies)) {
      expect({ tool, bun: bun.get(tool) }).toEqual({ tool, bun: npm.get(tool) });
    }
  });

  it('hold the same name@version pairs, wherever each tool hoists them', () => {
    const [npm, bun] = [resolvedPairs(npmLock.packages), new Set(Object.values(bunLock.packages).map(([spec]) => spec))];
    for (const spec of bun) if (spec.includes('@workspace:')) bun.delete(spec);
    expect([...bun].filter((p) => !npm.has(p))).toEqual([]);
    expect([...npm].filter((p) => !bun.has(p))).toEqual([]);
  });

  it('hold the same root devDependencies', () => {
    expect(bunLock.workspaces['']?.devDependencies).toEqual(rootManifest.devDependencies);
  });
});
