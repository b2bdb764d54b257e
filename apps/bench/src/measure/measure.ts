import { memoryUsage } from 'node:process';
import type { Workload } from '../engines/engine.js';

export interface MeasureSettings {
  warmup: number;
  /**
   * Warm-up also continues until this many milliseconds have passed since the first run began
   * (0: `warmup` runs only). One run does not reach the steady state of a short workload: JIT
   * tiers, and on a VM where a page fault costs microseconds, the allocator's reuse of freed
   * memory (a fresh 4 MB buffer cost about 12 ms here for the first ~20 runs, 0.4 ms after).
   */
  warmupMs: number;
  minSamples: number;
  maxSamples: number;
  budgetMs: number;
  /**
   * A workload whose first run takes longer than this gets no further warm-up and one sample:
   * a run of tens of seconds has nothing left to warm, and repeating it would stretch a profile
   * into hours (null: always the full warm-up and sample counts).
   */
  slowRunMs: number | null;
}

export interface Measurement {
  firstMs: number;
  samplesMs: number[];
  peakBytes: number;
  peakRssBytes: number;
}

/**
 * Times a prepared workload: the first run alone (compilation and first-touch allocation show
 * there, so it is reported apart), the rest of the warm-up untimed, then samples until
 * `maxSamples`, or `minSamples` once `budgetMs` has passed (one sample for a slow workload). Each run ends in a read, so the
 * timed region covers all the work it queued. Memory peaks are sampled at the workload's probe.
 */
export async function measure(
  w: Workload,
  liveBytes: () => number,
  s: MeasureSettings,
  onSample: (done: number, total: number) => void = () => {},
): Promise<Measurement> {
  let peakBytes = liveBytes();
  let peakRssBytes = memoryUsage().rss;
  const probe = (extraBytes = 0) => {
    peakBytes = Math.max(peakBytes, liveBytes() + extraBytes);
    peakRssBytes = Math.max(peakRssBytes, memoryUsage().rss);
  };
  const timed = async () => {
    const start = performance.now();
    await w.run(probe);
    return performance.now() - start;
  };

  const warmStart = performance.now();
  const firstMs = await timed();
  const slow = s.slowRunMs !== null && firstMs > s.slowRunMs;
  for (let i = 1; !slow && (i < s.warmup || performance.now() - warmStart < s.warmupMs); i++) await timed();
  const samplesMs: number[] = [];
  const start = performance.now();
  const minSamples = slow ? 1 : s.minSamples;
  while (samplesMs.length < (slow ? 1 : s.maxSamples)) {
    if (samplesMs.length >= minSamples && performance.now() - start >= s.budgetMs) break;
    samplesMs.push(await timed());
    onSample(samplesMs.length, s.maxSamples);
  }
  return { firstMs, samplesMs, peakBytes, peakRssBytes };
}
