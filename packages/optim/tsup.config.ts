import { defineConfig } from 'tsup';
import { packageBuild } from '../tooling/tsup.shared.ts';

// Three entries: the main one (no file-system code, so it bundles for browsers), and
// `@stride/optim/fs` for Node/Bun/Deno with its browser build, chosen by conditional exports.
export default defineConfig({
  ...packageBuild,
  entry: { index: 'src/index.ts', fs: 'src/fs/index.ts', 'fs-browser': 'src/fs/browser.ts' },
});
