import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/args.js';

describe('parseArgs', () => {
  it('defaults to every backend and runtime, the quick profile and ./report', () => {
    expect(parseArgs(['all'])).toEqual({
      command: 'all',
      backends: ['cpu', 'webgpu'],
      runtimes: ['node', 'bun', 'deno', 'chromium'],
      profile: 'quick',
      out: 'report',
      threads: null,
      winograd: true,
    });
  });
  it('reads comma lists and both --flag value and --flag=value', () => {
    const opts = parseArgs(['bench', '--backends', 'cpu', '--runtimes=node,deno', '--profile', 'full', '--out=/tmp/x']);
    expect(opts).toEqual({
      command: 'bench',
      backends: ['cpu'],
      runtimes: ['node', 'deno'],
      profile: 'full',
      out: '/tmp/x',
      threads: null,
      winograd: true,
    });
  });
  it('takes the cpu thread count, and refuses one that is not a whole number of at least 1', () => {
    expect(parseArgs(['bench', '--threads', '1'])).toMatchObject({ threads: 1 });
    expect(() => parseArgs(['bench', '--threads', '0'])).toThrow("--threads takes a whole number of at least 1, got '0'");
    expect(() => parseArgs(['bench', '--threads=two'])).toThrow("got 'two'");
  });
  it('turns Winograd off for the cpu backend with --winograd off, and refuses other values', () => {
    expect(parseArgs(['bench', '--winograd', 'off'])).toMatchObject({ winograd: false });
    expect(parseArgs(['all', '--winograd=on'])).toMatchObject({ winograd: true });
    expect(() => parseArgs(['bench', '--winograd', 'no'])).toThrow("--winograd takes on or off, got 'no'");
    expect(() => parseArgs(['soak', '--winograd', 'off'])).toThrow('soak takes --steps, --batch, --threads and --out, not --winograd');
  });
  it('returns help for --help', () => {
    expect(parseArgs(['--help'])).toBe('help');
  });
  it('rejects an unknown command, naming it', () => {
    expect(() => parseArgs(['run'])).toThrow("unknown command 'run'");
  });
  it('rejects an unknown backend, naming the allowed ones', () => {
    expect(() => parseArgs(['parity', '--backends', 'cuda'])).toThrow("--backends takes cpu, webgpu; got 'cuda'");
  });
  it('rejects an option without its value', () => {
    expect(() => parseArgs(['bench', '--out'])).toThrow('--out needs a value');
  });
  it('rejects a missing command', () => {
    expect(() => parseArgs(['--profile', 'quick'])).toThrow('missing command');
  });
  it('reads the soak command with its steps and batch, defaulting to 10,000 steps of 32', () => {
    expect(parseArgs(['soak'])).toEqual({ command: 'soak', steps: 10000, batch: 32, threads: null, out: null });
    expect(parseArgs(['soak', '--steps', '500', '--batch=8', '--threads', '1', '--out', 'r'])).toEqual({
      command: 'soak',
      steps: 500,
      batch: 8,
      threads: 1,
      out: 'r',
    });
  });
  it('keeps each command to its own options', () => {
    expect(() => parseArgs(['soak', '--profile', 'full'])).toThrow('soak takes --steps, --batch, --threads and --out, not --profile');
    expect(() => parseArgs(['bench', '--steps', '5'])).toThrow(
      'bench takes --backends, --runtimes, --profile, --out, --threads and --winograd, not --steps',
    );
    expect(() => parseArgs(['ceiling', '--out', 'r'])).toThrow('ceiling takes --threads, not --out');
    expect(() => parseArgs(['soak', '--steps=-3'])).toThrow("--steps takes a whole number of at least 1, got '-3'");
    expect(() => parseArgs(['soak', '--steps', '-3'])).toThrow("Option '--steps' argument is ambiguous");
  });
  it('reads the profile command: resnet20 at batch 128 by default, LeNet-5 at 64, 5 steps, the cpu backend', () => {
    expect(parseArgs(['profile'])).toEqual({
      command: 'profile',
      model: 'resnet20',
      mode: 'train',
      batch: 128,
      steps: 5,
      backend: 'cpu',
      threads: null,
      out: 'report',
    });
    expect(parseArgs(['profile', '--model', 'lenet5', '--steps', '3', '--threads', '2'])).toMatchObject({
      model: 'lenet5',
      batch: 64,
      steps: 3,
      threads: 2,
    });
    expect(parseArgs(['profile', '--model=lenet5', '--batch', '8', '--backend', 'webgpu', '--out', 'p'])).toMatchObject({
      batch: 8,
      backend: 'webgpu',
      out: 'p',
    });
    expect(parseArgs(['profile', '--mode', 'infer'])).toMatchObject({ model: 'resnet20', mode: 'infer', batch: 128 });
    expect(() => parseArgs(['profile', '--model', 'vgg'])).toThrow("--model takes resnet20 or lenet5; got 'vgg'");
    expect(() => parseArgs(['profile', '--mode', 'eval'])).toThrow("--mode takes train or infer; got 'eval'");
    expect(() => parseArgs(['profile', '--backend', 'cuda'])).toThrow("--backend takes cpu or webgpu; got 'cuda'");
    expect(() => parseArgs(['profile', '--profile', 'quick'])).toThrow(
      'profile takes --model, --mode, --batch, --steps, --backend, --threads and --out, not --profile',
    );
  });
  it('reads the ceiling command and its thread count', () => {
    expect(parseArgs(['ceiling'])).toEqual({ command: 'ceiling', threads: null });
    expect(parseArgs(['ceiling', '--threads', '2'])).toEqual({ command: 'ceiling', threads: 2 });
  });
  it('rejects an unknown option, naming it', () => {
    expect(() => parseArgs(['bench', '--fast'])).toThrow("unknown option '--fast'");
  });
});
