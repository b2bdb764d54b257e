import { basename, join } from 'node:path';
import { defineConfig } from 'vitest/config';

// `stride-source` comes first so `@stride/*` imports resolve to each package's
// src/index.ts and tests run without a build. The rest are Vite's default
// conditions (client for resolve, server for ssr), which naming any condition replaces.
const source = 'stride-source';

// .ci/run sets STRIDE_TEST_REPORT_DIR to total every run (each package, each runtime)
// into one closing line; a plain `npm test` prints vitest's own summary only.
const reportDir = process.env.STRIDE_TEST_REPORT_DIR;
const runtime = 'Deno' in globalThis ? 'deno' : 'Bun' in globalThis ? 'bun' : 'node';
const reportFile = reportDir && join(reportDir, `${basename(process.cwd())}.${runtime}.json`);

export default defineConfig({
  resolve: {
    conditions: [source, 'module', 'browser', 'development|production'],
  },
  ssr: {
    resolve: {
      conditions: [source, 'module', 'node', 'development|production'],
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    passWithNoTests: true,
    reporters: reportFile ? ['default', ['json', { outputFile: reportFile }]] : ['default'],
  },
});
