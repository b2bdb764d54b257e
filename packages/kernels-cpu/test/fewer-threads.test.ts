import { afterEach, describe, expect, it, vi } from 'vitest';
import { cpu } from '../src/index.js';
import { fewerThreadsReason, type ThreadingFacts } from '../src/threads/fewer-threads.js';

const facts = (over: Partial<ThreadingFacts>): ThreadingFacts => ({
  asked: 4,
  granted: 4,
  wasm: true,
  sharedMemory: true,
  nodeVersion: '20.19.0',
  getBuiltinModule: true,
  ...over,
});

describe('fewer threads than asked for', () => {
  afterEach(() => vi.restoreAllMocks());

  it('names the missing shared memory, simd: false, and a Node without getBuiltinModule', () => {
    expect(fewerThreadsReason(facts({ sharedMemory: false, granted: 1 }))).toMatch(
      /^cpu: asked for 4 threads, but runs on 1: the WebAssembly memory is not shared .*Cross-Origin-Opener-Policy: same-origin/,
    );
    expect(fewerThreadsReason(facts({ wasm: false, granted: 1 }))).toBe(
      'cpu: asked for 4 threads, but simd: false runs the typed-array kernels on the calling thread only',
    );
    // Below Node 20.16 the workers cannot start whatever was asked, the default included.
    expect(fewerThreadsReason(facts({ asked: undefined, nodeVersion: '20.11.1', getBuiltinModule: false }))).toMatch(
      /^cpu: Node 20\.11\.1 has no process\.getBuiltinModule \(Node 20\.16\+\).*supports Node 20\.19 and later$/,
    );
  });

  it('says nothing where the threads were granted, not asked for, or one was asked for', () => {
    expect(fewerThreadsReason(facts({}))).toBeNull();
    // On a one-core machine the pool may grant fewer than asked: that is the machine, not a fault.
    expect(fewerThreadsReason(facts({ asked: 8, granted: 2 }))).toBeNull();
    expect(fewerThreadsReason(facts({ asked: undefined, sharedMemory: false, granted: 1 }))).toBeNull();
    expect(fewerThreadsReason(facts({ asked: 1, sharedMemory: false, granted: 1 }))).toBeNull();
    expect(fewerThreadsReason(facts({ nodeVersion: undefined, getBuiltinModule: false }))).toBeNull();
  });

  it('cpu() warns once when asked for threads it cannot run, and not when it can', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const unshared = [cpu({ threads: 3, sharedMemory: false }), cpu({ threads: 3, sharedMemory: false })];
    expect(unshared.map((b) => b.threads)).toEqual([1, 1]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/^cpu: asked for 3 threads, but runs on 1: the WebAssembly memory is not shared/);
    const shared = cpu({ threads: 2 });
    expect(shared.threads).toBe(2);
    expect(warn).toHaveBeenCalledTimes(1);
    for (const b of [...unshared, shared]) b.dispose();
  });
});
