import { memoryUsage } from 'node:process';
import type { Workload } from '../engines/engine.js';

export interface MeasureSettings {
  warmup: number;
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

  const firstMs = await timed();
  const slow = s.slowRunMs !== null && firstMs > s.slowRunMs;
  for (let i = 1; i < s.warmup && !slow; i++) await timed();
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
