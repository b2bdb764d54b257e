import { fileURLToPath } from 'node:url';
import { runInChromium } from '@stride/conformance/browser/chromium';
import { replayResults } from '@stride/conformance/browser/replay';
import { describe, it } from 'vitest';

// test/browser/entry.ts is the conformance suite as test/conformance.test.ts registers it; it
// runs in Debian's headless chromium on SwiftShader while this file is collected, and each of
// its tests becomes a vitest test here.
const results = await runInChromium({ entry: fileURLToPath(new URL('./browser/entry.ts', import.meta.url)), timeoutMs: 30_000 });

describe('conformance in headless Chromium (SwiftShader WebGPU)', () => {
  it('ran the suite', ({ expect }) => {
    expect(results.length).toBeGreaterThan(0);
  });
  replayResults(results);
});
