import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Backend } from '@stride/core-tensor';
import type { ProgressSink } from '../report/progress.js';
import { profilePytorch } from './pytorch-profile.js';
import { profileStride } from './stride-profile.js';
import { categoriesOf, categoryTable, profileTable } from './tables.js';
import type { ProfileReport } from './types.js';

export interface ProfileOptions {
  model: 'lenet5' | 'resnet20';
  mode: 'train' | 'infer';
  batch: number;
  steps: number;
  /** Where profile.json goes; null: nowhere. */
  out: string | null;
}

/**
 * `stride-bench profile`: one training step (or inference pass) broken down by kernel on Stride
 * and by op under PyTorch's profiler (same model, batch and recipe, PyTorch on as many threads),
 * printed as tables and written to profile.json.
 */
export async function runProfile(
  backend: Backend & { threads?: number },
  opts: ProfileOptions,
  io: { stdout: ProgressSink; stderr: ProgressSink },
): Promise<ProfileReport> {
  const threads = backend.threads ?? 1;
  const step = { model: opts.model, mode: opts.mode, batch: opts.batch, steps: opts.steps, warmup: 2 };
  io.stderr.write(
    `profiling ${opts.model} ${opts.mode === 'train' ? 'training' : 'inference'} at batch ${opts.batch}: ${opts.steps} steps on Stride ${backend.name}…\n`,
  );
  const stride = await profileStride(backend, `Stride ${backend.name}, ${threads} thread${threads === 1 ? '' : 's'}`, step);
  io.stderr.write('…and under PyTorch\n');
  const torch = await profilePytorch({ ...step, threads });
  const pytorch = 'reason' in torch ? null : torch;
  const report: ProfileReport = {
    createdAt: new Date().toISOString(),
    model: opts.model,
    mode: opts.mode,
    batch: opts.batch,
    steps: opts.steps,
    threads,
    recipe:
      opts.mode === 'train'
        ? 'SGD lr 0.01, cross-entropy, batch norm in training mode, grads freed each step, the loss read'
        : 'eval mode, no autograd, the logits read',
    stride,
    pytorch,
    pytorchReason: 'reason' in torch ? torch.reason : null,
    categories: categoriesOf(stride, pytorch),
  };
  io.stdout.write(`${profileText(report)}\n`);
  if (opts.out !== null) {
    const dir = resolve(opts.out);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'profile.json');
    writeFileSync(path, `${JSON.stringify(report, null, 1)}\n`);
    io.stdout.write(`wrote ${path}\n`);
  }
  return report;
}

export function profileText(r: ProfileReport): string {
  const title = `${r.model} ${r.mode === 'infer' ? 'inference pass' : 'training step'}, batch ${r.batch}, ${r.steps} steps (${r.recipe})`;
  const torch = r.pytorch ? profileTable(r.pytorch) : `PyTorch: unavailable (${r.pytorchReason})`;
  return [title, '', profileTable(r.stride), '', torch, '', 'Side by side, by kind of work (ms per step)', categoryTable(r)].join('\n');
}
