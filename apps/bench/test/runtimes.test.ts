// The built CLI runs under Node, Bun and Deno (`bun dist/cli.js`, `deno run -A dist/cli.js`),
// with Stride and its tfjs peers on both backends, and says in its report which runtime ran it.
// `npm test` runs with a Vulkan driver (packages/tooling/with-webgpu-driver.sh) and sets
// STRIDE_BENCH_EXPECT_WEBGPU=1, so there the WebGPU rows must run, not just be reported missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/types.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(appDir, '..', '..');
const bin = (name: string) => join(repoRoot, 'node_modules', '.bin', name);

const runtimes: [string, string, string[]][] = [
  ['node', process.execPath, []],
  ['bun', bin('bun'), []],
  ['deno', bin('deno'), ['run', '-A']],
];

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('dist/cli.js', () => {
  const out = mkdtempSync(join(tmpdir(), 'stride-bench-runtimes-'));

  beforeAll(() => {
    // The CLI imports the Stride packages' built dist/, as a user's install does.
    for (const pkg of ['core-tensor', 'kernels-cpu', 'kernels-webgpu', 'data-mnist-cifar', 'layers', 'norm', 'optim', 'zoo']) {
      const dir = join(repoRoot, 'packages', pkg);
      if (!existsSync(join(dir, 'dist', 'index.js'))) run('npm', ['run', 'build'], dir);
    }
    run(bin('tsup'), ['--silent'], appDir);
  }, 180_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it.each(runtimes)(
    'runs bench --profile micro under %s',
    (name, cmd, args) => {
      const dir = join(out, name);
      const stdout = run(cmd, [...args, 'dist/cli.js', 'bench', '--profile', 'micro', '--backends', 'cpu,webgpu', '--out', dir], appDir);
      expect(stdout).toMatch(/^matmul 128 .*×/m);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
      expect(report.runtime.name).toBe(name);
      const statuses = Object.fromEntries(report.bench!.rows[0]!.results.map((r) => [r.engine, r.status]));
      expect(statuses).toMatchObject({ 'stride-cpu': 'ok', 'tfjs-cpu': 'ok', 'tfjs-wasm': 'ok' });
      // PyTorch runs in its subprocess under every runtime (or is unavailable without torch);
      // onnxruntime loads under each, and has no matmul row.
      expect(statuses.pytorch).toMatch(/^(ok|unavailable)$/);
      expect([statuses['onnxruntime-node'], statuses['onnxruntime-web']]).toEqual(
        report.machine.pytorch?.available ? ['unsupported', 'unsupported'] : ['unavailable', 'unavailable'],
      );
      if (process.env.STRIDE_BENCH_EXPECT_WEBGPU) {
        expect(report.backends.find((b) => b.name === 'webgpu')).toMatchObject({ available: true });
        expect(statuses).toMatchObject({ 'stride-webgpu': 'ok', 'tfjs-webgpu': 'ok' });
      }
    },
    120_000,
  );
});
