// The published artifacts work for a user: `npm pack` both packages, install the
// tarballs into a fresh project with plain npm, and run a plain-JS script that
// trains nothing but checks one conv2d gradient, under Node, Bun and Deno.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const kernelsDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(kernelsDir, '..', '..');
const coreDir = join(repoRoot, 'packages', 'core-tensor');
const bin = (name: string) => join(repoRoot, 'node_modules', '.bin', name);

// npm exports its own settings (npm_config_*, npm_package_*) to scripts it runs;
// a nested npm must not inherit them, or it would act on the monorepo.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD'));

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, env: cleanEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const runtimes: [string, string, string[]][] = [
  ['node', process.execPath, ['smoke.mjs']],
  ['bun', bin('bun'), ['smoke.mjs']],
  ['deno', bin('deno'), ['run', '-A', 'smoke.mjs']],
];

describe('packed @stride/core-tensor + @stride/kernels-cpu', () => {
  let work = '';
  let app = '';

  beforeAll(() => {
    for (const dir of [coreDir, kernelsDir]) {
      if (!existsSync(join(dir, 'dist', 'index.js'))) run('npm', ['run', 'build'], dir);
    }
    work = mkdtempSync(join(tmpdir(), 'stride-pack-'));
    const tarballs = [coreDir, kernelsDir].map((dir) => {
      const [info] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], dir)) as { filename: string }[];
      return join(work, info!.filename);
    });
    app = join(work, 'app');
    mkdirSync(app);
    run('npm', ['init', '-y'], app);
    run('npm', ['install', '--no-audit', '--no-fund', '--offline', ...tarballs], app);
    copyFileSync(join(kernelsDir, 'test', 'pack-smoke', 'smoke.mjs'), join(app, 'smoke.mjs'));
  }, 180_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.each(runtimes)(
    'installs and computes a conv2d weight gradient under %s',
    (name, cmd, args) => {
      const out = run(cmd, args, app);
      process.stdout.write(out);
      expect(out).toContain(`smoke ok`);
      expect(out).toMatch(new RegExp(`^${name} `, 'm'));
    },
    120_000,
  );
});
