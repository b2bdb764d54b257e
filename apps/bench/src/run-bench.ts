import { benchCases, type BenchCase } from './cases/catalog.js';
import { unsupportedReason } from './engines/engine.js';
import type { EngineSlot } from './engines/registry.js';
import { measure } from './measure/measure.js';
import { CostModel } from './measure/predict.js';
import { median, minimum, perSecond } from './measure/stats.js';
import { PROFILES, type Profile } from './profiles.js';
import { formatMs } from './report/format.js';
import type { Progress } from './report/progress.js';
import type { BenchReport, BenchRow, EngineResult } from './report/types.js';

/**
 * Runs every benchmark of the profile on every engine, one after another in this process.
 * A workload an engine lacks is reported as unsupported, one that throws as failed; either
 * way the run goes on.
 */
export async function runBench(profile: Profile, slots: readonly EngineSlot[], progress: Progress): Promise<BenchReport> {
  const cases = benchCases(profile);
  progress.start('bench', cases.length * slots.length);
  const rows: BenchRow[] = [];
  const costs = new CostModel();
  // An engine that lacks a whole kind of row (onnxruntime: everything but inference), or could
  // not start at all, says so once: the same reason on every row would bury the timings.
  const said = new Set<string>();
  for (const c of cases) {
    const results: EngineResult[] = [];
    for (const slot of slots) {
      const label = `${c.name} · ${slot.info.label}`;
      progress.status(label);
      const skip = tooSlow(costs.predict(slot.info.id, c.cost), profile);
      const result = skip
        ? emptyResult(slot.info.id, 'skipped', skip)
        : await runOne(c, slot, profile, (i, n) => progress.status(`${label} · sample ${i}/${n}`));
      if (result.medianMs !== null) costs.record(slot.info.id, c.cost, result.medianMs);
      results.push(result);
      const once =
        result.status === 'unsupported' || result.status === 'unavailable' ? `${result.engine} ${result.status} ${result.reason}` : null;
      progress.step(once !== null && said.has(once) ? undefined : `${label}: ${describe(result)}`);
      if (once !== null) said.add(once);
    }
    rows.push({ id: c.id, group: c.group, name: c.name, shape: c.shape, flops: c.flops, images: c.images, results });
  }
  progress.end();
  return { engines: slots.map((s) => s.info), rows, ceiling: null };
}

async function runOne(c: BenchCase, slot: EngineSlot, profile: Profile, onSample: (i: number, n: number) => void): Promise<EngineResult> {
  const engine = slot.engine;
  if (!engine) return emptyResult(slot.info.id, 'unavailable', slot.reason);
  try {
    await engine.activate();
    const workload = await c.prepare(engine);
    try {
      const m = await measure(workload, () => engine.liveBytes(), profile, onSample);
      const med = median(m.samplesMs);
      return {
        engine: engine.id,
        status: 'ok',
        reason: null,
        firstMs: m.firstMs,
        medianMs: med,
        minMs: minimum(m.samplesMs),
        maxMs: m.samplesMs.length === 0 ? null : Math.max(...m.samplesMs),
        samples: m.samplesMs.length,
        gflops: c.flops === null ? null : (perSecond(c.flops, med) ?? 0) / 1e9,
        imagesPerSec: perSecond(c.images, med),
        peakBytes: m.peakBytes,
        peakRssBytes: m.peakRssBytes,
      };
    } finally {
      workload.dispose();
    }
  } catch (e) {
    const reason = unsupportedReason(engine.id, e);
    return emptyResult(engine.id, reason ? 'unsupported' : 'failed', reason ?? (e instanceof Error ? e.message : String(e)));
  }
}

/** Why a run predicted to take `predictedMs` is skipped in this profile, or null to run it. */
function tooSlow(predictedMs: number | null, profile: Profile): string | null {
  const limit = profile.maxPredictedRunMs;
  if (limit === null || predictedMs === null || predictedMs <= limit) return null;
  const full = PROFILES.full.maxPredictedRunMs;
  const hint = profile.name === 'full' || full === null ? '' : ` (--profile full allows ${full / 1000} s a run)`;
  return `~${Math.round(predictedMs / 1000)} s a run, predicted from smaller cases; over the ${profile.name} profile's ${limit / 1000} s limit${hint}`;
}

/** A result without numbers: unsupported, unavailable, failed or skipped, with the reason. */
export function emptyResult(engine: string, status: EngineResult['status'], reason: string | null): EngineResult {
  return {
    engine,
    status,
    reason,
    firstMs: null,
    medianMs: null,
    minMs: null,
    maxMs: null,
    samples: 0,
    gflops: null,
    imagesPerSec: null,
    peakBytes: null,
    peakRssBytes: null,
  };
}

function describe(r: EngineResult): string {
  if (r.status !== 'ok') return `${r.status}${r.reason ? ` (${r.reason})` : ''}`;
  return `median ${formatMs(r.medianMs)}, first ${formatMs(r.firstMs)}`;
}
