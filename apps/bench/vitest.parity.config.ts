import { defineConfig } from 'vitest/config';
import shared from '../../packages/tooling/vitest.shared.ts';

// `stride-bench parity` runs conformance/<backend>.conformance.ts with this config under each
// runtime; the app's own tests (vitest.config.ts) never include it.
export default defineConfig({
  ...shared,
  // Software WebGPU (lavapipe, SwiftShader) compiles each pipeline on first use, seconds on two
  // cores: more time, never more tolerance (as packages/kernels-webgpu's config).
  test: { ...shared.test, include: ['conformance/**/*.conformance.ts'], reporters: ['default'], testTimeout: 30_000, hookTimeout: 60_000 },
});
