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
}

export const USAGE = `usage: stride-bench parity|bench|all [--backends cpu,webgpu] [--runtimes node,bun,deno,chromium]
                    [--profile quick|full] [--out DIR] [--threads N]

  parity   the conformance suite on every backend and runtime: op family × backend/runtime
  bench    op and model benchmarks against tfjs-cpu and tfjs-wasm, and a LeNet-5 trained on MNIST
  all      both

  --backends  Stride backends to run (default cpu,webgpu; one not installed is reported and skipped)
  --runtimes  runtimes for parity (default node,bun,deno,chromium; Chromium runs webgpu only)
  --profile   quick (default, ≤ 5 min on 2 cores) or full (every sample, resnet20 at batch 128, a full MNIST epoch)
  --out       where report.json and report.html go (default ./report)
  --threads   threads of Stride's cpu backend (default: every core, up to 8)`;

const BACKENDS: readonly BackendName[] = ['cpu', 'webgpu'];
const RUNTIMES: readonly RuntimeName[] = ['node', 'bun', 'deno', 'chromium'];
const COMMANDS: readonly Command[] = ['parity', 'bench', 'all'];

/** Parses argv (without node and the script); throws with a message naming the bad argument. */
export function parseArgs(argv: readonly string[]): CliOptions | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  const opts: CliOptions = { command: 'all', backends: [...BACKENDS], runtimes: [...RUNTIMES], profile: 'quick', out: 'report', threads: null };
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      if (command !== undefined) throw new Error(`stride-bench: unexpected argument '${arg}' after command '${command}'`);
      command = arg;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') throw new Error(`stride-bench: ${flag} needs a value`);
    if (flag === '--backends') opts.backends = listOf(flag, value, BACKENDS);
    else if (flag === '--runtimes') opts.runtimes = listOf(flag, value, RUNTIMES);
    else if (flag === '--profile') {
      if (!isProfileName(value)) throw new Error(`stride-bench: --profile must be quick or full (or micro, for tests), got '${value}'`);
      opts.profile = value;
    } else if (flag === '--out') opts.out = value;
    else if (flag === '--threads') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`stride-bench: --threads takes a whole number of at least 1, got '${value}'`);
      opts.threads = n;
    }
    else throw new Error(`stride-bench: unknown option '${flag}'`);
  }
  if (command === undefined) throw new Error('stride-bench: missing command (parity, bench or all)');
  if (!COMMANDS.includes(command as Command)) throw new Error(`stride-bench: unknown command '${command}' (expected parity, bench or all)`);
  opts.command = command as Command;
  return opts;
}

function listOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item as T)) throw new Error(`stride-bench: ${flag} takes ${allowed.join(', ')}; got '${item}'`);
  }
  if (items.length === 0) throw new Error(`stride-bench: ${flag} needs at least one of ${allowed.join(', ')}`);
  return [...new Set(items)] as T[];
}
