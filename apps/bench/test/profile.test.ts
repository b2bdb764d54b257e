// stride-bench profile: the kernel timer (profiledBackend) counts every kernel a LeNet-5 training
// step calls, and the command writes both libraries' breakdowns side by side. No timing is
// asserted: counts, names, structure and arithmetic on a fake clock only.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randn, type Backend } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { strideModel } from '../src/engines/stride/model-workload.js';
import { pytorchCategory, strideCategory } from '../src/profile/categories.js';
import { profiledBackend } from '../src/profile/profiled-backend.js';
import { pytorchProfile } from '../src/profile/pytorch-profile.js';
import { runProfile } from '../src/profile/run-profile.js';
import { strideProfile } from '../src/profile/stride-profile.js';
import { categoriesOf, profileTable } from '../src/profile/tables.js';
import type { ProfileReport } from '../src/profile/types.js';
import { findTorch } from '../src/pytorch/python.js';

const out = mkdtempSync(join(tmpdir(), 'stride-bench-profile-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Kernel calls of `steps` LeNet-5 training steps (batch 4) through the timer, per kernel name. */
async function lenetCalls(steps: number): Promise<{ calls: Record<string, number>; times: number[]; total: number; raw: Backend }> {
  const raw = cpu({ threads: 1 });
  const { backend, times } = profiledBackend(raw);
  const step = strideModel({ model: 'lenet5', mode: 'train', batch: 4 }, backend);
  try {
    await step.run(() => {});
    times.reset();
    for (let i = 0; i < steps; i++) await step.run(() => {});
    // Read before dispose(), whose frees go through the timer too.
    const calls = Object.fromEntries([...times.kernels].map(([k, v]) => [k, v.calls]));
    return { calls, times: [...times.kernels.values()].map((k) => k.ms), total: times.totalMs(), raw };
  } finally {
    step.dispose();
  }
}

describe('profiledBackend on a LeNet-5 training step', () => {
  it("counts the step's kernels: every layer's forward, gradient and update", async () => {
    const { calls } = await lenetCalls(1);
    expect(calls).toMatchObject({
      conv: 2, // conv1, conv2
      convBackwardWeight: 2,
      convBackwardInput: 1, // conv2 only: conv1's input is the data, which needs no gradient
      maxPool2d: 2,
      maxPool2dBackward: 2,
      'unary:relu': 3, // after conv1, conv2, fc1
      reluBackward: 3,
      matmul: 6, // fc1 and fc2 forward, and each one's input and weight gradients
      sgdUpdate: 8, // four layers' weight and bias
      read: 1, // the loss
    });
  });

  it('counts every kernel the same on each step, and each name is a kernel of the backend', async () => {
    const one = await lenetCalls(1);
    const three = await lenetCalls(3);
    expect(Object.keys(three.calls).sort()).toEqual(Object.keys(one.calls).sort());
    for (const [name, n] of Object.entries(one.calls)) expect(three.calls[name], name).toBe(3 * n);
    for (const name of Object.keys(one.calls))
      expect(typeof (one.raw as unknown as Record<string, unknown>)[name.split(':')[0]!]).toBe('function');
    for (const ms of three.times) expect(Number.isFinite(ms) && ms >= 0).toBe(true);
    expect(three.total).toBeCloseTo(
      three.times.reduce((a, b) => a + b, 0),
      9,
    );
  });

  it('forwards every call: results through the timer equal those without it', async () => {
    const raw = cpu({ threads: 1 });
    const { backend } = profiledBackend(raw);
    const [a, b] = [randn([8, 8], { seed: 3, backend: raw }), randn([8, 8], { seed: 3, backend })];
    expect(await b.matmul(b).relu().sum().data()).toEqual(await a.matmul(a).relu().sum().data());
    expect(backend.name).toBe(raw.name);
    expect(backend.capabilities).toBe(raw.capabilities);
  });
});

describe('profiledBackend on a fake clock', () => {
  /** A backend of three kernels: `outer` calls `inner` through the timed object, `boom` throws, `later` is asynchronous. */
  function fake() {
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const target = {
      name: 'fake',
      capabilities: {},
      unary: (op: string) => {
        clock += op === 'exp' ? 2 : 1;
        return op;
      },
      outer: () => {
        clock += 3;
        (wrapped as unknown as { inner(): void }).inner();
        clock += 1;
      },
      inner: () => {
        clock += 10;
      },
      boom: () => {
        clock += 5;
        throw new Error('boom');
      },
      later: () => Promise.resolve().then(() => (clock += 7)),
      dispose: () => {},
    };
    const { backend: wrapped, times } = profiledBackend(target as unknown as Backend);
    return { wrapped: wrapped as unknown as typeof target, times };
  }

  it("times each kernel's own part: a nested call counts for itself, not for its caller", () => {
    const { wrapped, times } = fake();
    wrapped.outer();
    wrapped.outer();
    expect(Object.fromEntries(times.kernels)).toEqual({ inner: { calls: 2, ms: 20 }, outer: { calls: 2, ms: 8 } });
    expect(times.totalMs()).toBe(28);
  });

  it('labels op kernels by their op, records a kernel that throws and rethrows, waits for an asynchronous one', async () => {
    const { wrapped, times } = fake();
    expect(wrapped.unary('exp')).toBe('exp');
    wrapped.unary('relu');
    wrapped.unary('relu');
    expect(() => wrapped.boom()).toThrow('boom');
    await wrapped.later();
    expect(Object.fromEntries(times.kernels)).toEqual({
      'unary:exp': { calls: 1, ms: 2 },
      'unary:relu': { calls: 2, ms: 2 },
      boom: { calls: 1, ms: 5 },
      later: { calls: 1, ms: 7 },
    });
    wrapped.dispose();
    expect(times.kernels.has('dispose')).toBe(false);
    times.reset();
    expect(times.kernels.size).toBe(0);
  });
});

describe('the breakdown', () => {
  it('gives calls and milliseconds per step and the share of the step, largest first, by category', () => {
    const kernels = new Map([
      ['matmul', { calls: 12, ms: 30 }],
      ['conv', { calls: 4, ms: 50 }],
      ['binary:add', { calls: 8, ms: 4 }],
    ]);
    const stride = strideProfile(
      { kernels, totalMs: () => 84, reset: () => {} },
      { label: 'Stride cpu, 2 threads', steps: 2, stepMs: 50, stepMsUnprofiled: 48, webgpu: false },
    );
    expect(stride.entries).toEqual([
      { name: 'conv', category: 'conv forward', callsPerStep: 2, msPerStep: 25, percent: 50 },
      { name: 'matmul', category: 'matmul / linear', callsPerStep: 6, msPerStep: 15, percent: 30 },
      { name: 'binary:add', category: 'elementwise and reductions', callsPerStep: 4, msPerStep: 2, percent: 4 },
    ]);
    expect(stride.kernelMsPerStep).toBe(42);
    const torch = pytorchProfile(
      {
        version: '1.13.0',
        threads: 2,
        blas: 'OpenBLAS 0.3.21 (pthread)',
        stepMs: 100,
        stepMsWithoutProfiler: 90,
        ops: [
          { name: 'aten::mkldnn_convolution', callsPerStep: 2, msPerStep: 40 },
          { name: 'Optimizer.step: aten::add_', callsPerStep: 8, msPerStep: 5 },
          { name: 'aten::addmm', callsPerStep: 2, msPerStep: 20 },
        ],
      },
      null,
    );
    expect(torch.entries.map((e) => [e.name, e.category, e.percent])).toEqual([
      ['aten::mkldnn_convolution', 'conv forward', 40],
      ['aten::addmm', 'matmul / linear', 20],
      ['Optimizer.step: aten::add_', 'optimizer', 5],
    ]);
    const categories = categoriesOf(stride, torch);
    expect(categories.find((c) => c.category === 'conv forward')).toEqual({ category: 'conv forward', strideMs: 25, pytorchMs: 40 });
    expect(categories.find((c) => c.category === 'optimizer')).toEqual({ category: 'optimizer', strideMs: 0, pytorchMs: 5 });
    const table = profileTable(stride).split('\n');
    expect(table[0]).toBe('Stride cpu, 2 threads: 50.00 ms a step (48.00 ms without the timers)');
    // On WebGPU the header also counts the step's dispatches and submits.
    expect(profileTable({ ...stride, gpuWork: { dispatchesPerStep: 96, submitsPerStep: 7.5 } }).split('\n')[0]).toBe(
      'Stride cpu, 2 threads: 50.00 ms a step (48.00 ms without the timers); 96 dispatches and 7.5 submits a step',
    );
    expect(table.at(-1)).toMatch(/^\(outside kernels: autograd, JavaScript\)\s+8\.00\s+16\.0%$/);
  });

  it('sorts kernel and op names into the same kinds of work on both sides', () => {
    expect(
      [
        'convBackwardWeight',
        'conv',
        'batchNormBackward',
        'maxPool2dBackward',
        'reluBackward',
        'sgdUpdate',
        'binary:mul',
        'channelAffine',
      ].map(strideCategory),
    ).toEqual([
      'conv backward',
      'conv forward',
      'batch norm',
      'pooling',
      'activation',
      'optimizer',
      'elementwise and reductions',
      'elementwise and reductions',
    ]);
    expect(
      [
        'aten::convolution_backward',
        'aten::mkldnn_convolution',
        'aten::native_batch_norm_backward',
        'aten::max_pool2d_with_indices_backward',
        'aten::threshold_backward',
        'Optimizer.step: aten::mul_',
        'aten::mul',
      ].map(pytorchCategory),
    ).toEqual(['conv backward', 'conv forward', 'batch norm', 'pooling', 'activation', 'optimizer', 'elementwise and reductions']);
  });
});

describe('stride-bench profile', () => {
  it('writes profile.json with Stride beside PyTorch (or PyTorch unavailable, with the reason)', async () => {
    const sink = { write: () => true, isTTY: false };
    const report = await runProfile(
      cpu({ threads: 1 }),
      { model: 'lenet5', mode: 'train', batch: 4, steps: 1, out },
      { stdout: sink, stderr: sink },
    );
    const written = JSON.parse(readFileSync(join(out, 'profile.json'), 'utf8')) as ProfileReport;
    expect(written).toEqual(JSON.parse(JSON.stringify(report)));
    expect(written).toMatchObject({ model: 'lenet5', mode: 'train', batch: 4, steps: 1, threads: 1 });
    expect(written.stride.entries.find((e) => e.name === 'conv')).toMatchObject({ callsPerStep: 2, category: 'conv forward' });
    const torch = await findTorch();
    if ('reason' in torch) {
      expect(written.pytorch).toBeNull();
      expect(written.pytorchReason).toBe(torch.reason);
    } else {
      expect(written.pytorchReason).toBeNull();
      // PyTorch's own convolution kernel on the CPU, twice a step, and its weight-gradient pass.
      expect(written.pytorch?.entries.find((e) => e.name === 'aten::mkldnn_convolution')).toMatchObject({ callsPerStep: 2 });
      expect(written.pytorch?.entries.find((e) => e.name === 'aten::convolution_backward')).toMatchObject({ callsPerStep: 2 });
      expect(written.pytorch?.entries.filter((e) => e.category === 'optimizer').length).toBeGreaterThan(0);
    }
    expect(written.categories.map((c) => c.category)).toContain('conv backward');
  }, 120_000);
  it('profiles an inference pass with --mode infer: forward kernels only, on both sides', async () => {
    const sink = { write: () => true, isTTY: false };
    const report = await runProfile(
      cpu({ threads: 1 }),
      { model: 'lenet5', mode: 'infer', batch: 4, steps: 1, out: null },
      { stdout: sink, stderr: sink },
    );
    expect(report.recipe).toBe('eval mode, no autograd, the logits read');
    expect(report.stride.entries.find((e) => e.name === 'conv')).toMatchObject({ callsPerStep: 2 });
    expect(report.stride.entries.filter((e) => e.category === 'conv backward' || e.category === 'optimizer')).toEqual([]);
    if (report.pytorch) {
      expect(report.pytorch.entries.find((e) => e.name === 'aten::mkldnn_convolution')).toMatchObject({ callsPerStep: 2 });
      expect(report.pytorch.entries.filter((e) => e.category === 'conv backward' || e.category === 'optimizer')).toEqual([]);
    }
  }, 120_000);
});
