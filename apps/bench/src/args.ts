import { parseArgs as parseCommandLine } from 'node:util';
import { isProfileName } from './profiles.js';
import type { BackendName, Command, ProfileName, RuntimeName } from './report/types.js';

export interface CliOptions {
  command: Command;
  backends: BackendName[];
  runtimes: RuntimeName[];
  profile: ProfileName;
  out: string;
  /** Worker threads of the cpu backend; null: its default (every core, up to 8). */
  threads: number | null;
  /** false: the cpu backend's 3×3 convolutions on the direct path (`cpu({ winograd: false })`), to time Winograd against it. */
  winograd: boolean;
}

/** `stride-bench profile`: a training step's time by kernel, Stride beside PyTorch's profiler. */
export interface ProfileCliOptions {
  command: 'profile';
  model: 'lenet5' | 'resnet20';
  /** A training step (default) or an inference pass (eval mode, no autograd). */
  mode: 'train' | 'infer';
  batch: number;
  steps: number;
  backend: BackendName;
  threads: number | null;
  out: string;
}

/** `stride-bench ceiling`: the WebAssembly FMA ceiling on 1 thread and on the cpu backend's threads. */
export interface CeilingOptions {
  command: 'ceiling';
  threads: number | null;
}

export type AnyOptions = CliOptions | SoakOptions | ProfileCliOptions | CeilingOptions;

/** `stride-bench soak`: the memory soak's own options. */
export interface SoakOptions {
  command: 'soak';
  steps: number;
  batch: number;
  threads: number | null;
  /** Where soak.json (every sample) goes; null: nowhere. */
  out: string | null;
}

export const USAGE = `usage: stride-bench parity|bench|all [--backends cpu,webgpu] [--runtimes node,bun,deno,chromium]
                    [--profile quick|full] [--out DIR] [--threads N] [--winograd on|off]
       stride-bench soak [--steps N] [--batch N] [--threads N] [--out DIR]
       stride-bench profile [--model resnet20|lenet5] [--mode train|infer] [--batch N] [--steps N] [--backend cpu|webgpu] [--threads N] [--out DIR]
       stride-bench ceiling [--threads N]

  parity   the conformance suite on every backend and runtime: op family × backend/runtime
  bench    op and model benchmarks against tfjs, onnxruntime and PyTorch, the WebAssembly FMA ceiling,
           and a LeNet-5 trained on MNIST
  all      both
  soak     N training steps of LeNet-5 + Adam on the cpu backend, sampling every memory counter
  profile  a training step's time by kernel on Stride and by op under PyTorch's profiler (profile.json)
  ceiling  GFLOP/s of a register-only relaxed-SIMD FMA loop in WebAssembly, on 1 thread and --threads

  --backends  Stride backends to run (default cpu,webgpu; one not installed is reported and skipped)
  --runtimes  runtimes for parity (default node,bun,deno,chromium; Chromium runs webgpu only)
  --profile   quick (default, ≤ 5 min on 2 cores) or full (every sample, resnet20 at batch 128, a full MNIST epoch)
  --out       where report.json and report.html go (default ./report); soak: where soak.json goes
  --threads   threads of Stride's cpu backend (default: every core, up to 8)
  --winograd  off: Stride's cpu backend convolves 3×3 without Winograd, to compare (default on)
  --steps     soak: training steps (default 10000); profile: steps timed (default 5)
  --batch     soak: images per step (default 32); profile: default 128 for resnet20, 64 for lenet5
  --model     profile: resnet20 (default) or lenet5
  --mode      profile: a training step (train, default) or an inference pass (infer)
  --backend   profile: the Stride backend (default cpu; WebGPU times are submit-side)`;

const BACKENDS: readonly BackendName[] = ['cpu', 'webgpu'];
const RUNTIMES: readonly RuntimeName[] = ['node', 'bun', 'deno', 'chromium'];
type AnyCommand = AnyOptions['command'];
const COMMANDS: readonly AnyCommand[] = ['parity', 'bench', 'all', 'soak', 'profile', 'ceiling'];
const MODELS = ['resnet20', 'lenet5'] as const;
const MODES = ['train', 'infer'] as const;
const OPTIONS = {
  backends: { type: 'string' },
  runtimes: { type: 'string' },
  profile: { type: 'string' },
  out: { type: 'string' },
  threads: { type: 'string' },
  winograd: { type: 'string' },
  steps: { type: 'string' },
  batch: { type: 'string' },
  model: { type: 'string' },
  mode: { type: 'string' },
  backend: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flag = Exclude<keyof typeof OPTIONS, 'help'>;

/** The options each command takes; any other is refused, naming these. */
const FLAGS: Record<AnyCommand, readonly Flag[]> = {
  parity: ['backends', 'runtimes', 'profile', 'out', 'threads', 'winograd'],
  bench: ['backends', 'runtimes', 'profile', 'out', 'threads', 'winograd'],
  all: ['backends', 'runtimes', 'profile', 'out', 'threads', 'winograd'],
  soak: ['steps', 'batch', 'threads', 'out'],
  profile: ['model', 'mode', 'batch', 'steps', 'backend', 'threads', 'out'],
  ceiling: ['threads'],
};

/** Parses argv (without node and the script); throws with a message naming the bad argument. */
export function parseArgs(argv: readonly string[]): AnyOptions | 'help' {
  let parsed: ReturnType<typeof parseCommandLine<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseCommandLine({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new Error(`stride-bench: ${commandLineError(e)}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  for (const [flag, value] of Object.entries(values)) {
    if (value === '') throw new Error(`stride-bench: --${flag} needs a value`);
  }
  if (positionals.length > 1) throw new Error(`stride-bench: unexpected argument '${positionals[1]}' after command '${positionals[0]}'`);
  const command = positionals[0];
  if (command === undefined) throw new Error('stride-bench: missing command (parity, bench, all or soak)');
  if (!COMMANDS.includes(command as AnyCommand))
    throw new Error(`stride-bench: unknown command '${command}' (expected ${COMMANDS.join(', ')})`);
  const allowed = FLAGS[command as AnyCommand];
  for (const [flag, value] of Object.entries(values)) {
    if (flag === 'help' || value === undefined || allowed.includes(flag as Flag)) continue;
    const names = allowed.map((f) => `--${f}`);
    const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names.join('');
    throw new Error(`stride-bench: ${command} takes ${list}, not --${flag}`);
  }
  const threads = values.threads === undefined ? null : wholeNumber('--threads', values.threads);
  if (command === 'soak') {
    const steps = values.steps === undefined ? 10_000 : wholeNumber('--steps', values.steps);
    const batch = values.batch === undefined ? 32 : wholeNumber('--batch', values.batch);
    return { command, steps, batch, threads, out: values.out ?? null };
  }
  if (command === 'ceiling') return { command, threads };
  if (command === 'profile') {
    const model = values.model ?? 'resnet20';
    if (!MODELS.includes(model as (typeof MODELS)[number]))
      throw new Error(`stride-bench: --model takes ${MODELS.join(' or ')}; got '${model}'`);
    const mode = values.mode ?? 'train';
    if (!MODES.includes(mode as (typeof MODES)[number])) throw new Error(`stride-bench: --mode takes ${MODES.join(' or ')}; got '${mode}'`);
    const backend = values.backend ?? 'cpu';
    if (!BACKENDS.includes(backend as BackendName))
      throw new Error(`stride-bench: --backend takes ${BACKENDS.join(' or ')}; got '${backend}'`);
    return {
      command,
      model: model as (typeof MODELS)[number],
      mode: mode as (typeof MODES)[number],
      batch: values.batch === undefined ? (model === 'lenet5' ? 64 : 128) : wholeNumber('--batch', values.batch),
      steps: values.steps === undefined ? 5 : wholeNumber('--steps', values.steps),
      backend: backend as BackendName,
      threads,
      out: values.out ?? 'report',
    };
  }
  const winograd = values.winograd ?? 'on';
  if (winograd !== 'on' && winograd !== 'off') throw new Error(`stride-bench: --winograd takes on or off, got '${winograd}'`);
  const profile = values.profile ?? 'quick';
  if (!isProfileName(profile)) throw new Error(`stride-bench: --profile must be quick or full (or micro, for tests), got '${profile}'`);
  return {
    command: command as Command,
    backends: values.backends === undefined ? [...BACKENDS] : listOf('--backends', values.backends, BACKENDS),
    runtimes: values.runtimes === undefined ? [...RUNTIMES] : listOf('--runtimes', values.runtimes, RUNTIMES),
    profile,
    out: values.out ?? 'report',
    threads,
    winograd: winograd === 'on',
  };
}

/** node:util's messages, reworded as this tool's ("--out needs a value", "unknown option '--x'"). */
function commandLineError(e: unknown): string {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : String(e);
  const flag = /'(-[^' ]+)/.exec(message)?.[1]?.split(' ')[0];
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag && message.includes('missing')) return `${flag} needs a value`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) return `unknown option '${flag}'`;
  return message.replace(/\n/g, ' ');
}

function wholeNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`stride-bench: ${flag} takes a whole number of at least 1, got '${value}'`);
  return n;
}

function listOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item as T)) throw new Error(`stride-bench: ${flag} takes ${allowed.join(', ')}; got '${item}'`);
  }
  if (items.length === 0) throw new Error(`stride-bench: ${flag} needs at least one of ${allowed.join(', ')}`);
  return [...new Set(items)] as T[];
}
