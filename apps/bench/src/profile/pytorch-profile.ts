import { benchScript, findTorch, lastErrorLine, pythonPath, runProcess } from '../pytorch/python.js';
import { ensureOpenblas } from '../pytorch/openblas.js';
import { pytorchCategory } from './categories.js';
import type { StepOptions } from './stride-profile.js';
import type { LibraryProfile } from './types.js';

interface ScriptOutput {
  version: string;
  threads: number;
  blas: string;
  stepMs: number;
  stepMsWithoutProfiler: number;
  ops: { name: string; callsPerStep: number; msPerStep: number }[];
}

/** PyTorch's side: scripts/pytorch_profile.py (torch.profiler, ops by name on self time), or why it cannot run. */
export async function profilePytorch(opts: StepOptions & { threads: number }): Promise<LibraryProfile | { reason: string }> {
  const torch = await findTorch(pythonPath());
  if ('reason' in torch) return torch;
  const blasSetup = await ensureOpenblas();
  let json = '';
  const threads = String(opts.threads);
  const run = await runProcess(
    torch.python,
    [
      benchScript('pytorch_profile.py'),
      ...['--model', opts.model, '--mode', opts.mode, '--batch', String(opts.batch), '--steps', String(opts.steps)],
      ...['--warmup', String(opts.warmup), '--threads', threads],
    ],
    {
      timeoutMs: 30 * 60_000,
      env: { OMP_NUM_THREADS: threads, OPENBLAS_NUM_THREADS: threads, MKL_NUM_THREADS: threads },
      onLine: (line) => (json = line),
    },
  );
  if (run.code !== 0) return { reason: `pytorch_profile.py failed: ${run.timedOut ? 'timed out' : lastErrorLine(run.stderr)}` };
  const out = JSON.parse(json) as ScriptOutput;
  return pytorchProfile(out, blasSetup);
}

export function pytorchProfile(out: ScriptOutput, blasSetup: string | null): LibraryProfile {
  const entries = out.ops
    .map((o) => ({ ...o, category: pytorchCategory(o.name), percent: (100 * o.msPerStep) / out.stepMs }))
    .sort((a, b) => b.msPerStep - a.msPerStep);
  return {
    library: 'pytorch',
    label: `PyTorch ${out.version} (${out.blas}), ${out.threads} thread${out.threads === 1 ? '' : 's'}`,
    stepMs: out.stepMs,
    stepMsUnprofiled: out.stepMsWithoutProfiler,
    kernelMsPerStep: entries.reduce((a, e) => a + e.msPerStep, 0),
    entries,
    notes: [
      'self CPU time per op (torch.profiler): a parent op excludes its children; ops inside torch.optim are named Optimizer.step: <op>',
      ...(blasSetup ? [`libopenblas0-pthread could not be installed: ${blasSetup}`] : []),
    ],
  };
}
