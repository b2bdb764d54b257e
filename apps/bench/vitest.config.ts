import { defineConfig } from 'vitest/config';
import shared from '../../packages/tooling/vitest.shared.ts';

export default defineConfig({
  ...shared,
  test: {
    ...shared.test,
    // tfjs-core's gradient registrations are ESM files with extensionless imports, which Node
    // cannot load from node_modules: vitest transforms them instead (see src/engines/tfjs/gradients.ts).
    server: { deps: { inline: [/@tensorflow\/tfjs-core\/dist\/(?!tf-core)/] } },
  },
});
