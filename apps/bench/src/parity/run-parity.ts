import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Progress } from '../report/progress.js';
import type { BackendStatus, ParityReport, ParityRun, RuntimeName } from '../report/types.js';
import { NOT_INSTALLED } from '../engines/registry.js';
import { CHROMIUM, appRoot, chromiumVersion, exec, findRuntime, runtimeVersion, vitestArgs } from './runtimes.js';
import { familiesOf, suiteError, type VitestJson } from './vitest-json.js';

const SUITE_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Runs the conformance suite for each available backend under each runtime, each in its own
 * vitest process with the JSON reporter, and groups the results by op family. Chromium runs
 * the WebGPU backend only (the CPU backend is the same code it runs under Node).
 */
export async function runParity(
  statuses: readonly BackendStatus[],
  runtimes: readonly RuntimeName[],
  progress: Progress,
): Promise<ParityReport> {
  const pairs = statuses.flatMap((s) => runtimes.filter((r) => r !== 'chromium' || s.name === 'webgpu').map((r) => [s, r] as const));
  progress.start('parity', pairs.length);
  const runs: ParityRun[] = [];
  for (const [status, runtime] of pairs) {
    progress.status(`${status.name} on ${runtime}`);
    const run = await parityRun(status, runtime);
    runs.push(run);
    progress.step(`${status.name} on ${runtime}: ${summary(run)}`);
  }
  progress.end();
  return { runs };
}

async function parityRun(status: BackendStatus, runtime: RuntimeName): Promise<ParityRun> {
  const base = { backend: status.name, runtime, runtimeVersion: null, error: null, durationMs: 0, families: [] };
  // Chromium brings its own WebGPU: only a backend that is not installed at all rules it out.
  if (!status.available && (runtime !== 'chromium' || status.reason?.startsWith(NOT_INSTALLED))) {
    return { ...base, available: false, reason: status.reason };
  }
  if (runtime === 'chromium' && !existsSync(CHROMIUM)) {
    return { ...base, available: false, reason: `no Chromium at ${CHROMIUM} (packages/tooling/ensure-chromium.sh installs Debian's)` };
  }
  const root = appRoot();
  const suite = join('conformance', runtime === 'chromium' ? `${status.name}-in-chromium.conformance.ts` : `${status.name}.conformance.ts`);
  if (!existsSync(join(root, suite))) return { ...base, available: false, reason: `no ${suite} in ${root}` };
  const vitest = vitestScript(root);
  if (!vitest) return { ...base, available: false, reason: 'vitest is not installed' };
  // The Chromium suite is driven from Node (playwright); the page is the runtime under test.
  const host = runtime === 'chromium' ? 'node' : runtime;
  const bin = findRuntime(host, root);
  if (!bin) return { ...base, available: false, reason: `${host} not found (node_modules/.bin or PATH)` };

  const dir = mkdtempSync(join(tmpdir(), 'stride-parity-'));
  const outFile = join(dir, 'results.json');
  const started = performance.now();
  try {
    const args = [
      ...vitestArgs(host, vitest),
      'run',
      '--config',
      'vitest.parity.config.ts',
      suite,
      '--reporter=json',
      `--outputFile=${outFile}`,
    ];
    const r = await exec(bin, args, root, SUITE_TIMEOUT_MS);
    const version = runtime === 'chromium' ? await chromiumVersion(root) : await runtimeVersion(bin, root);
    const ran = { ...base, available: true, reason: null, runtimeVersion: version, durationMs: performance.now() - started };
    if (!existsSync(outFile)) return { ...ran, error: `vitest exited ${r.code} without results: ${r.output.trim().slice(-500)}` };
    const json = JSON.parse(readFileSync(outFile, 'utf8')) as VitestJson;
    return { ...ran, error: suiteError(json), families: familiesOf(json) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** vitest's CLI script, as installed for this app. */
function vitestScript(root: string): string | null {
  try {
    return join(dirname(createRequire(join(root, 'package.json')).resolve('vitest/package.json')), 'vitest.mjs');
  } catch {
    return null;
  }
}

function summary(run: ParityRun): string {
  if (!run.available) return `unavailable (${run.reason})`;
  if (run.error) return `error: ${run.error}`;
  const passed = run.families.reduce((a, f) => a + f.passed, 0);
  const total = run.families.reduce((a, f) => a + f.total, 0);
  return `${passed}/${total} passed in ${(run.durationMs / 1000).toFixed(1)} s`;
}
