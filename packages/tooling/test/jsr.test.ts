import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsrManifest, members } from '../sync-jsr.mjs';

// JSR publishes from jsr.json; npm from package.json. `node packages/tooling/sync-jsr.mjs` writes
// the first from the second.
describe('jsr.json', () => {
  for (const dir of members) {
    it(`${dir.split('/').pop()} matches its package.json (name, version, entry points)`, () => {
      expect(JSON.parse(readFileSync(join(dir, 'jsr.json'), 'utf8'))).toEqual(jsrManifest(dir));
    });
  }
});
