import { defineConfig } from 'tsup';
import { packageBuild } from '../tooling/tsup.shared.ts';

// Two entries: index (Node, Bun, Deno: reads directories) and browser (no file system);
// package.json's conditional exports pick one per runtime.
export default defineConfig({ ...packageBuild, entry: ['src/index.ts', 'src/browser.ts'] });
