import { memoryUsage } from 'node:process';
import type { Workload } from '../engines/engine.js';

export interface MeasureSettings {
  warmup: number;
  minSamples: number;
  maxSamples: number;
  budgetMs: number;
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
 * `maxSamples`, or `minSamples` once `budgetMs` has passed. Each run ends in a read, so the
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
  for (let i = 1; i < s.warmup; i++) await timed();
  const samplesMs: number[] = [];
  const start = performance.now();
  while (samplesMs.length < s.maxSamples) {
    if (samplesMs.length >= s.minSamples && performance.now() - start >= s.budgetMs) break;
    samplesMs.push(await timed());
    onSample(samplesMs.length, s.maxSamples);
  }
  return { firstMs, samplesMs, peakBytes, peakRssBytes };
}
