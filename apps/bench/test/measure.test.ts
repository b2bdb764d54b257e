import { afterEach, describe, expect, it, vi } from 'vitest';
import { measure, type MeasureSettings } from '../src/measure/measure.js';

/** A workload whose runs take the given (simulated) milliseconds, on a clock it advances itself. */
function scripted(durations: number[]) {
  let now = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  let runs = 0;
  const workload = {
    run: async () => {
      now += durations[Math.min(runs, durations.length - 1)]!;
      runs++;
    },
    dispose: () => {},
  };
  return { workload, runs: () => runs };
}

const settings: MeasureSettings = { warmup: 2, warmupMs: 0, minSamples: 5, maxSamples: 20, budgetMs: 10000, slowRunMs: 20000 };

describe('measure', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reports the first run apart, warms up, then samples to minSamples once the budget is spent', async () => {
    const { workload, runs } = scripted([500, 3000]);
    const m = await measure(workload, () => 0, settings);
    expect(m.firstMs).toBe(500);
    // 1 first + 1 more warm-up, then samples of 3 s until 5 are taken and 10 s have passed.
    expect(m.samplesMs).toEqual([3000, 3000, 3000, 3000, 3000]);
    expect(runs()).toBe(7);
  });

  it('warms up until warmupMs have passed since the first run began, then samples', async () => {
    const { workload, runs } = scripted([10]);
    const m = await measure(workload, () => 0, { ...settings, warmup: 1, warmupMs: 400, minSamples: 3, maxSamples: 3 });
    expect(m.firstMs).toBe(10);
    // Runs of 10 ms: the first and 39 more make 400 ms of warm-up, then 3 samples.
    expect(m.samplesMs).toEqual([10, 10, 10]);
    expect(runs()).toBe(43);
  });

  it('times a workload whose first run exceeds slowRunMs once more, without more warm-up', async () => {
    const { workload, runs } = scripted([25000, 24000]);
    const m = await measure(workload, () => 0, settings);
    expect(m.firstMs).toBe(25000);
    expect(m.samplesMs).toEqual([24000]);
    expect(runs()).toBe(2);
  });

  it('keeps the full counts when slowRunMs is null', async () => {
    const { workload, runs } = scripted([25000, 24000]);
    const m = await measure(workload, () => 0, { ...settings, slowRunMs: null });
    expect(m.samplesMs).toHaveLength(5);
    expect(runs()).toBe(7);
  });
});
