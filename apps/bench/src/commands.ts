// The commands besides parity/bench/all: each starts its backend, runs, prints and writes its file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpu } from '@stride/kernels-cpu';
import type { CeilingOptions, ProfileCliOptions, SoakOptions } from './args.js';
import { measureFmaCeiling } from './ceiling/ceiling.js';
import { strideBackend } from './engines/registry.js';
import type { Io } from './main.js';
import { runProfile } from './profile/run-profile.js';
import { createProgress } from './report/progress.js';
import { ceilingText } from './report/tables.js';
import { runSoak, soakSummary } from './soak/soak.js';

const threadsOption = (threads: number | null) => (threads === null ? {} : { threads });

export async function soakCommand(opts: SoakOptions, io: Io): Promise<{ code: number }> {
  const report = await runSoak(
    cpu(threadsOption(opts.threads)),
    { steps: opts.steps, batch: opts.batch, every: Math.max(1, Math.floor(opts.steps / 200)) },
    createProgress(io.stderr),
  );
  io.stdout.write(`${soakSummary(report)}\n`);
  if (opts.out !== null) {
    mkdirSync(opts.out, { recursive: true });
    const path = join(opts.out, 'soak.json');
    writeFileSync(path, `${JSON.stringify(report, null, 1)}\n`);
    io.stdout.write(`wrote ${path}\n`);
  }
  return { code: 0 };
}

export async function profileCommand(opts: ProfileCliOptions, io: Io): Promise<{ code: number }> {
  const started = await strideBackend(opts.backend, { cpu: threadsOption(opts.threads) });
  if ('reason' in started) {
    io.stderr.write(`stride-bench profile: the ${opts.backend} backend is unavailable: ${started.reason}\n`);
    return { code: 1 };
  }
  await runProfile(started.backend, { model: opts.model, mode: opts.mode, batch: opts.batch, steps: opts.steps, out: opts.out }, io);
  return { code: 0 };
}

export async function ceilingCommand(opts: CeilingOptions, io: Io): Promise<{ code: number }> {
  const backend = cpu(threadsOption(opts.threads));
  const threads = backend.threads;
  backend.dispose();
  const ceiling = await measureFmaCeiling({ threads: [...new Set([1, threads])], targetMs: 500 });
  io.stdout.write(`${ceilingText(ceiling, null)}\n`);
  return { code: 0 };
}
