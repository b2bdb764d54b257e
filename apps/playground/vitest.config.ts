import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../packages/tooling/vitest.shared.ts';

// The browser test builds the app, starts Chromium and trains on two backends: minutes, not seconds.
export default mergeConfig(shared, defineConfig({ test: { testTimeout: 300_000, hookTimeout: 120_000 } }));
