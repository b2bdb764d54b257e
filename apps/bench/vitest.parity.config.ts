import { defineConfig } from 'vitest/config';
import shared from '../../packages/tooling/vitest.shared.ts';

// `stride-bench parity` runs conformance/<backend>.conformance.ts with this config under each
// runtime; the app's own tests (vitest.config.ts) never include it.
export default defineConfig({
  ...shared,
  test: { ...shared.test, include: ['conformance/**/*.conformance.ts'], reporters: ['default'] },
});
