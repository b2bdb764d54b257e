// The conformance suite on Stride's WebGPU backend in headless Chromium (SwiftShader), run by
// `stride-bench parity --runtimes chromium` under Node: the page runs browser/webgpu-page.ts
// and its results are replayed here as vitest tests, so the JSON reporter sees them.
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { runInChromium } from '@stride/conformance/browser/chromium';
import { replayResults } from '@stride/conformance/browser/replay';

const RECORDING = fileURLToPath(new URL('./browser/recorded-fixture-compare.ts', import.meta.url));

// Every import of fixture-compare (the suite's harness imports it relatively) gets the recording
// wrapper, except the wrapper's own import of the real module by package name.
const recordComparisons: Plugin = {
  name: 'record-fixture-comparisons',
  setup(build) {
    build.onResolve({ filter: /fixture-compare(\.[jt]s)?$/ }, (args) => (args.importer === RECORDING ? undefined : { path: RECORDING }));
  },
};

replayResults(
  await runInChromium({
    entry: fileURLToPath(new URL('./browser/webgpu-page.ts', import.meta.url)),
    timeoutMs: 30_000,
    plugins: [recordComparisons],
  }),
);
