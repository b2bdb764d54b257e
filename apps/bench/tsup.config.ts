import { defineConfig } from 'tsup';

// Like apps/examples: one Node-platform ESM bundle of the app's own code, run as
// `node|bun|deno dist/cli.js`. Dependencies (@stride/*, @tensorflow/*) stay external and
// resolve to their built dist/; backends that may not be installed are imported by name at
// run time, so the build never needs them.
export default defineConfig({
  entry: ['src/cli.ts'],
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  clean: true,
  banner: { js: '#!/usr/bin/env node' },
  // tfjs-core's gradient registrations (src/engines/tfjs/gradients.ts): ESM source files that
  // Node cannot import from node_modules, bundled instead.
  noExternal: [/^@tensorflow\/tfjs-core\/dist\/register_all_gradients/],
});
