// The conformance suite on Stride's WebGPU backend in headless Chromium (SwiftShader), run by
// `stride-bench parity --runtimes chromium` under Node: the page runs browser/webgpu-page.ts
// and its results are replayed here as vitest tests, so the JSON reporter sees them.
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { runInChromium } from '@stride/conformance/browser/chromium';
import { replayResults } from '@stride/conformance/browser/replay';

const COMPARE = fileURLToPath(new URL('../../../packages/conformance/src/fixture-compare.ts', import.meta.url));
const RECORDING = fileURLToPath(new URL('./browser/recorded-fixture-compare.ts', import.meta.url));

// The suite's own imports of fixture-compare get the recording wrapper; the wrapper's import
// of the real module (by its full path) does not.
const recordComparisons: Plugin = {
  name: 'record-fixture-comparisons',
  setup(build) {
    build.onResolve({ filter: /fixture-compare(\.[jt]s)?$/ }, (args) => {
      if (args.importer === RECORDING || args.path === COMPARE) return undefined;
      return { path: RECORDING };
    });
  },
};

replayResults(
  await runInChromium({
    entry: fileURLToPath(new URL('./browser/webgpu-page.ts', import.meta.url)),
    timeoutMs: 30_000,
    plugins: [recordComparisons],
  }),
);
