import { cpu, type CpuOptions } from '@stride/kernels-cpu';
import { USAGE, parseArgs, type AnyOptions, type CliOptions } from './args.js';
import { benchCases } from './cases/catalog.js';
import { measureFmaCeiling } from './ceiling/ceiling.js';
import { ceilingCommand, profileCommand, soakCommand } from './commands.js';
import { loadEngines, statusOf, strideBackend, type EngineSlot } from './engines/registry.js';
import { appRoot, currentRuntime } from './parity/runtimes.js';
import { runParity } from './parity/run-parity.js';
import { PROFILES } from './profiles.js';
import { machineInfo, packageVersions } from './report/machine.js';
import { createProgress, type ProgressSink } from './report/progress.js';
import { benchTables, parityMatrix, pytorchText, trainingSummary } from './report/tables.js';
import { SCHEMA_VERSION, type BackendStatus, type Report } from './report/types.js';
import { writeReport } from './report/write.js';
import { runBench } from './run-bench.js';
import { trainLenet } from './training/train-lenet.js';
import { verdicts } from './report/verdict.js';
import { addPytorchColumn } from './pytorch/column.js';
import { runPytorch } from './pytorch/run-pytorch.js';
import type { Profile } from './profiles.js';
import type { BenchReport, PytorchInfo } from './report/types.js';
import type { Progress } from './report/progress.js';

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
  let opts: AnyOptions | 'help';
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
  if (opts.command === 'soak') return { ...(await soakCommand(opts, io)), report: null };
  if (opts.command === 'profile') return { ...(await profileCommand(opts, io)), report: null };
  if (opts.command === 'ceiling') return { ...(await ceilingCommand(opts, io)), report: null };
  const started = performance.now();
  const profile = PROFILES[opts.profile];
  const progress = createProgress(io.stderr);
  const wantsBench = opts.command !== 'parity';
  io.stdout.write(`stride-bench ${opts.command} --profile ${profile.name}: ${profile.description}\n\n`);

  const { slots, statuses, cpuThreads } = wantsBench
    ? await loadEngines(opts.backends, cpuOptions(opts))
    : { slots: [] as EngineSlot[], statuses: await backendStatuses(opts), cpuThreads: null };
  for (const s of statuses.filter((b) => !b.available)) io.stdout.write(`${s.name}: unavailable (${s.reason})\n`);

  const parity = opts.command !== 'bench' ? await runParity(statuses, opts.runtimes, progress) : null;
  if (parity) io.stdout.write(`\nParity (passed/total · worst error ratio, below 1 passes)\n${parityMatrix(parity)}\n`);

  let bench = wantsBench ? await runBench(profile, slots, progress) : null;
  let pytorch: PytorchInfo | null = null;
  if (bench && cpuThreads !== null) ({ bench, pytorch } = await cpuPeersAndCeiling(bench, profile, cpuThreads, opts.out, progress, io));
  if (bench) io.stdout.write(`\n${benchTables(bench, statuses)}\n`);

  const training = wantsBench && profile.training ? await trainLenet(cpu(cpuOptions(opts)), profile.training, progress) : null;
  if (training) io.stdout.write(`\n${trainingSummary(training)}\n`);

  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    createdAt: new Date().toISOString(),
    command: opts.command,
    profile: { name: profile.name, description: profile.description },
    machine: machineInfo(pytorch),
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

/**
 * After the in-process rows, on the cpu backend's thread count: PyTorch in its subprocess (its
 * column, or 'unavailable' with the reason), then the WebAssembly FMA ceiling.
 */
async function cpuPeersAndCeiling(
  bench: BenchReport,
  profile: Profile,
  threads: number,
  out: string,
  progress: Progress,
  io: Io,
): Promise<{ bench: BenchReport; pytorch: PytorchInfo }> {
  const cases = benchCases(profile);
  const run = await runPytorch({ cases, settings: profile, threads, outDir: out, progress });
  io.stdout.write(`${pytorchText(run.info)}\n`);
  if (run.blasSetup)
    io.stderr.write(
      `!!! libopenblas0-pthread is missing and could not be installed (${run.blasSetup}): PyTorch's numbers are not a fair peer's.\n`,
    );
  if (run.error) io.stderr.write(`!!! PyTorch: ${run.error}\n`);
  const withTorch = addPytorchColumn(bench, run, (id) => cases.some((c) => c.id === id && c.torch !== null));
  progress.start('WebAssembly FMA ceiling', 1);
  const ceiling = await measureFmaCeiling({ threads: [...new Set([1, threads])], targetMs: profile.ceilingRunMs });
  progress.step();
  progress.end();
  return { bench: { ...withTorch, ceiling }, pytorch: run.info };
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
