// `stride-bench parity` end to end: the conformance suite really runs, per backend and runtime,
// and comes back grouped by op family. CPU under Node, and WebGPU in headless Chromium (where
// `npm test` provides Debian's chromium; see packages/tooling/ensure-chromium.sh) and, when
// `npm test` provides a Vulkan driver (STRIDE_BENCH_EXPECT_WEBGPU), under Node too.
import { describe, expect, it } from 'vitest';
import { runParity } from '../src/parity/run-parity.js';
import { createProgress } from '../src/report/progress.js';
import type { BackendStatus, RuntimeName } from '../src/report/types.js';

const quiet = createProgress({ write: () => {}, isTTY: false });
const available = (name: 'cpu' | 'webgpu'): BackendStatus => ({ name, available: true, reason: null, adapter: null });

async function runOne(backend: 'cpu' | 'webgpu', runtime: RuntimeName) {
  const { runs } = await runParity([available(backend)], [runtime], quiet);
  expect(runs).toHaveLength(1);
  return runs[0]!;
}

describe('stride-bench parity', () => {
  it('runs the whole suite on cpu under node: every family passes, fixtures within tolerance', async () => {
    const run = await runOne('cpu', 'node');
    expect(run.reason).toBeNull();
    expect(run.error).toBeNull();
    const families = Object.fromEntries(run.families.map((f) => [f.family, f]));
    expect(Object.keys(families)).toEqual(
      expect.arrayContaining(['creation and sizes', 'convolutions', 'pooling', 'activations', 'autograd', 'serialization (safetensors)']),
    );
    for (const f of run.families) expect(f.passed, `${f.family}: ${f.failures.join('; ')}`).toBe(f.total);
    expect(families.convolutions!.worstRatio).toBeGreaterThan(0);
    expect(families.convolutions!.worstRatio).toBeLessThan(1);
    expect(families.autograd!.worstRatio).toBeNull();
    expect(run.families.reduce((a, f) => a + f.total, 0)).toBeGreaterThan(300);
  }, 300_000);

  it.each(process.env.STRIDE_BENCH_EXPECT_WEBGPU ? (['chromium', 'node'] as const) : (['chromium'] as const))(
    'runs the suite on webgpu under %s, float64 gradchecks skipped by capability, fixture ratios recorded',
    async (runtime) => {
      const run = await runOne('webgpu', runtime);
      expect(run.reason).toBeNull();
      expect(run.error).toBeNull();
      const families = Object.fromEntries(run.families.map((f) => [f.family, f]));
      for (const f of run.families) expect(f.passed, `${f.family}: ${f.failures.join('; ')}`).toBe(f.total);
      // The float64 gradchecks are skipped; the fixtures and error cases of the family still run.
      expect(families.convolutions!.skipped).toBeGreaterThan(0);
      expect(families.convolutions!.total).toBeGreaterThan(0);
      expect(families.pooling!.worstRatio).toBeGreaterThan(0);
      expect(families.pooling!.worstRatio).toBeLessThan(1);
    },
    300_000,
  );
});
