import { existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import type { RuntimeName } from '../report/types.js';

/** The runtime executing this code. */
export function currentRuntime(): { name: Exclude<RuntimeName, 'chromium'>; version: string } {
  const g = globalThis as { Deno?: { version: { deno: string } }; Bun?: { version: string } };
  if (g.Deno) return { name: 'deno', version: g.Deno.version.deno };
  if (g.Bun) return { name: 'bun', version: g.Bun.version };
  return { name: 'node', version: process.versions.node ?? 'unknown' };
}

/** apps/bench: the nearest folder above this file whose package.json is @stride/bench. */
export function appRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === '@stride/bench') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`stride-bench: cannot find the @stride/bench package above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/**
 * The executable for a runtime: this process's own when it is that runtime, else the copy npm
 * installed (node_modules/.bin, as the repo's devDependencies bring Bun and Deno), else PATH.
 */
export function findRuntime(name: 'node' | 'bun' | 'deno', from: string): string | null {
  if (currentRuntime().name === name) return process.execPath;
  for (let dir = from; ; dir = dirname(dir)) {
    const local = join(dir, 'node_modules', '.bin', name);
    if (existsSync(local)) return local;
    if (dirname(dir) === dir) break;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** How each runtime runs vitest's CLI script (as kernels-cpu's test:bun and test:deno do). */
export function vitestArgs(name: 'node' | 'bun' | 'deno', vitestMjs: string): string[] {
  if (name === 'bun') return ['--bun', vitestMjs];
  if (name === 'deno') return ['run', '-A', '--no-lock', vitestMjs];
  return [vitestMjs];
}

export interface Exec {
  code: number | null;
  output: string;
}

/**
 * Runs a command to completion, keeping the tail of its output; never rejects (a missing
 * binary comes back as code null with the error). STRIDE_TEST_REPORT_DIR is removed so a
 * child vitest never writes into the CI's test totals.
 */
export function exec(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<Exec> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.STRIDE_TEST_REPORT_DIR;
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, output: e.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

export async function runtimeVersion(bin: string, cwd: string): Promise<string | null> {
  const r = await exec(bin, ['--version'], cwd, 20000);
  if (r.code !== 0) return null;
  const first = r.output.trim().split('\n')[0] ?? '';
  return (
    first
      .replace(/^v/, '')
      .replace(/^deno /, '')
      .split(' ')[0] || null
  );
}

/** Debian's chromium, which parity drives headless for the WebGPU backend. */
export const CHROMIUM = '/usr/bin/chromium';

export async function chromiumVersion(cwd: string): Promise<string | null> {
  const r = await exec(CHROMIUM, ['--version'], cwd, 20000);
  return r.code === 0 ? (/\d+(\.\d+)+/.exec(r.output)?.[0] ?? null) : null;
}
