import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpu, type CpuOptions } from '@stride/kernels-cpu';
import { USAGE, parseArgs, type CliOptions, type SoakOptions } from './args.js';
import { loadEngines, statusOf, strideBackend, type EngineSlot } from './engines/registry.js';
import { appRoot, currentRuntime } from './parity/runtimes.js';
import { runParity } from './parity/run-parity.js';
import { PROFILES } from './profiles.js';
import { machineInfo, packageVersions } from './report/machine.js';
import { createProgress, type ProgressSink } from './report/progress.js';
import { benchTables, parityMatrix, trainingSummary } from './report/tables.js';
import { SCHEMA_VERSION, type BackendStatus, type Report } from './report/types.js';
import { writeReport } from './report/write.js';
import { runBench } from './run-bench.js';
import { trainLenet } from './training/train-lenet.js';
import { runSoak, soakSummary } from './soak/soak.js';
import { verdicts } from './report/verdict.js';

export interface Io {
  stdout: ProgressSink;
  stderr: ProgressSink;
}

/**
 * `stride-bench`: parses the command line, runs parity and/or the benchmarks and the MNIST
 * run, prints tables, writes the reports. Exit code 1 when a conformance test or a Stride
 * benchmark failed (peers' failures and unsupported ops are reported, not fatal).
 */
export async function main(argv: readonly string[], io: Io): Promise<{ code: number; report: Report | null }> {
  let opts: CliOptions | SoakOptions | 'help';
  try {
    opts = parseArgs(argv);
  } catch (e) {
    io.stderr.write(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}\n`);
    return { code: 2, report: null };
  }
  if (opts === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return { code: 0, report: null };
  }
  if (opts.command === 'soak') {
    const threads = opts.threads === null ? {} : { threads: opts.threads };
    const report = await runSoak(
      cpu(threads),
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
    return { code: 0, report: null };
  }
  const started = performance.now();
  const profile = PROFILES[opts.profile];
  const progress = createProgress(io.stderr);
  const wantsBench = opts.command !== 'parity';
  io.stdout.write(`stride-bench ${opts.command} --profile ${profile.name}: ${profile.description}\n\n`);

  const { slots, statuses } = wantsBench
    ? await loadEngines(opts.backends, cpuOptions(opts))
    : { slots: [] as EngineSlot[], statuses: await backendStatuses(opts) };
  for (const s of statuses.filter((b) => !b.available)) io.stdout.write(`${s.name}: unavailable (${s.reason})\n`);

  const parity = opts.command !== 'bench' ? await runParity(statuses, opts.runtimes, progress) : null;
  if (parity) io.stdout.write(`\nParity (passed/total · worst error ratio, below 1 passes)\n${parityMatrix(parity)}\n`);

  const bench = wantsBench ? await runBench(profile, slots, progress) : null;
  if (bench) io.stdout.write(`\n${benchTables(bench, statuses)}\n`);

  const training = wantsBench && profile.training ? await trainLenet(cpu(cpuOptions(opts)), profile.training, progress) : null;
  if (training) io.stdout.write(`\n${trainingSummary(training)}\n`);

  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    createdAt: new Date().toISOString(),
    command: opts.command,
    profile: { name: profile.name, description: profile.description },
    machine: machineInfo(),
    runtime: currentRuntime(),
    backends: statuses,
    versions: packageVersions(appRoot()),
    parity,
    bench,
    training,
    durationMs: performance.now() - started,
  };
  const paths = writeReport(opts.out, report);
  io.stdout.write(
    `\nwrote ${paths.json}\nwrote ${paths.html}\n(${(report.durationMs / 1000).toFixed(0)} s)\n\n${verdicts(report).join('\n')}\n`,
  );
  for (const s of statuses.filter((b) => !b.available)) {
    io.stderr.write(`\n!!! ${s.name} was UNAVAILABLE: ${s.reason}. Its rows and parity are missing from this report.\n`);
  }
  const parityFailed = parity?.runs.some((r) => r.error !== null || r.families.some((f) => f.passed < f.total)) ?? false;
  const strideFailed = bench?.rows.some((row) => row.results.some((x) => x.engine.startsWith('stride') && x.status === 'failed')) ?? false;
  return { code: parityFailed || strideFailed ? 1 : 0, report };
}

const cpuOptions = (opts: CliOptions): CpuOptions => ({
  ...(opts.threads === null ? {} : { threads: opts.threads }),
  ...(opts.winograd ? {} : { winograd: false }),
});

async function backendStatuses(opts: CliOptions): Promise<BackendStatus[]> {
  const out: BackendStatus[] = [];
  for (const name of opts.backends) {
    out.push(statusOf(name, await strideBackend(name, { cpu: cpuOptions(opts) })));
  }
  return out;
}
