import { describe, expect, it } from 'vitest';
import { reportJson } from '../src/report/write.js';
import { validateReport } from '../src/report/validate.js';
import { sampleReport } from './sample-report.js';

describe('report.json schema', () => {
  it('accepts a report as the app writes it (through JSON)', () => {
    expect(validateReport(JSON.parse(reportJson(sampleReport())))).toEqual([]);
  });
  it('writes a NaN comparison (worst ratio Infinity) as the string "Infinity", which it accepts', () => {
    const r = sampleReport();
    r.parity!.runs[0]!.families[0]!.worstRatio = Infinity;
    const parsed = JSON.parse(reportJson(r)) as { parity: { runs: { families: { worstRatio: unknown }[] }[] } };
    expect(parsed.parity.runs[0]!.families[0]!.worstRatio).toBe('Infinity');
    expect(validateReport(parsed)).toEqual([]);
  });
  it('names a missing field by its path', () => {
    const r = JSON.parse(reportJson(sampleReport())) as { machine: Record<string, unknown> };
    delete r.machine.cpuModel;
    expect(validateReport(r)).toEqual(['report.machine.cpuModel: missing']);
  });
  it('names a result with an unknown status', () => {
    const r = sampleReport() as unknown as { bench: { rows: { results: { status: string }[] }[] } };
    r.bench.rows[0]!.results[1]!.status = 'slow';
    expect(validateReport(r)).toEqual([
      'report.bench.rows[0].results[1].status: expected ("ok" | "unsupported" | "unavailable" | "failed" | "skipped"), got "slow"',
    ]);
  });
});
