import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../tooling/vitest.shared.ts';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // CPU WebGPU drivers (lavapipe, SwiftShader) JIT-compile each pipeline on its first
      // dispatch: about a second for a GEMM shader on two cores with a cold Mesa cache, and a
      // fixture test can meet four new ones. Only time is allowed more, never tolerance.
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  }),
);
