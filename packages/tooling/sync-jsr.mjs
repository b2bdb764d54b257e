// Writes each public package's jsr.json (JSR's manifest) from its package.json, so the name,
// version and entry points JSR publishes never drift from npm's. `npm run version-packages` runs
// it after changesets bumps the versions; a tooling test fails when a jsr.json is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const workspace = JSON.parse(readFileSync(join(root, 'deno.json'), 'utf8'));

/** The jsr.json a package should have: its sources as entry points (JSR publishes TypeScript). */
export function jsrManifest(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const exports = {};
  for (const [path, target] of Object.entries(pkg.exports)) {
    if (path === './package.json') continue;
    const source = target['stride-source'];
    exports[path] = typeof source === 'string' ? source : source.default;
  }
  return {
    name: pkg.name,
    version: pkg.version,
    license: pkg.license,
    exports,
    publish: { include: ['src/**/*.ts', 'README.md', 'LICENSE'], exclude: ['src/**/*.test.ts'] },
  };
}

export const members = workspace.workspace.map((member) => join(root, member));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const dir of members) writeFileSync(join(dir, 'jsr.json'), `${JSON.stringify(jsrManifest(dir), null, 2)}\n`);
}
