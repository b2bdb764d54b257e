import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { appRoot } from '../parity/runtimes.js';

/** Debian's Python, whose python3-torch (1.13) and python3-torchvision (0.14) are the references. */
export const DEBIAN_PYTHON = '/usr/bin/python3';

/** The Python that runs PyTorch: STRIDE_BENCH_PYTHON where set (tests point it at one without torch), else Debian's. */
export function pythonPath(): string {
  return process.env.STRIDE_BENCH_PYTHON || DEBIAN_PYTHON;
}

/** apps/bench/scripts/<name>. */
export function benchScript(name: string): string {
  return join(appRoot(), 'scripts', name);
}

export interface ProcessRun {
  /** null when the process could not start or was killed. */
  code: number | null;
  timedOut: boolean;
  /** The last few kilobytes of stderr (or the spawn error), for the reason of a failure. */
  stderr: string;
}

/**
 * Runs `command args…` (a Python script, mostly) in apps/bench, handing each line of stdout to `onLine` as it arrives (the scripts write
 * one JSON object a line, so what finished survives a crash or a timeout). Never rejects.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  opts: { timeoutMs: number; env?: Record<string, string>; onLine?: (line: string) => void },
): Promise<ProcessRun> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...opts.env };
    delete env.STRIDE_TEST_REPORT_DIR;
    let stderr = '';
    let pending = '';
    let timedOut = false;
    const child = spawn(command, [...args], { cwd: appRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) opts.onLine?.(line);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, timedOut, stderr: e.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (pending.trim()) opts.onLine?.(pending);
      resolve({ code, timedOut, stderr });
    });
  });
}

/** The last line of a Python error (`ModuleNotFoundError: No module named 'torch'`), not its traceback. */
export function lastErrorLine(stderr: string): string {
  const lines = stderr.trim().split('\n').filter(Boolean);
  return lines[lines.length - 1]?.trim() ?? 'no output';
}

export type TorchFound = { python: string; version: string; torchvision: string } | { reason: string };

const found = new Map<string, Promise<TorchFound>>();

/** Whether `python` imports torch and torchvision: their versions, or why not (asked once per process). */
export function findTorch(python: string = pythonPath()): Promise<TorchFound> {
  let result = found.get(python);
  if (!result) {
    result = probeTorch(python);
    found.set(python, result);
  }
  return result;
}

async function probeTorch(python: string): Promise<TorchFound> {
  if (python.startsWith('/') && !existsSync(python)) return { reason: `no ${python} (Debian's python3-torch is not installed)` };
  let versions = '';
  const run = await runProcess(
    python,
    ['-c', 'import json, torch, torchvision; print(json.dumps([torch.__version__, torchvision.__version__]))'],
    { timeoutMs: 120_000, onLine: (line) => (versions = line) },
  );
  if (run.code !== 0) return { reason: `no torch for ${python}: ${run.timedOut ? 'import timed out' : lastErrorLine(run.stderr)}` };
  const [version, torchvision] = JSON.parse(versions) as [string, string];
  return { python, version, torchvision };
}
