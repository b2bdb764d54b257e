import { describe, expect, it } from 'vitest';
import { Unsupported, type Engine } from '../src/engines/engine.js';
import type { EngineSlot } from '../src/engines/registry.js';
import { PROFILES, type Profile } from '../src/profiles.js';
import { createProgress } from '../src/report/progress.js';
import { runBench } from '../src/run-bench.js';

// Two rows, so a reason repeated on the second row shows up; no engine here does real work.
const profile: Profile = { ...PROFILES.micro, only: ['matmul-128', 'matmul-256'], matmulSizes: [128, 256] };

function inferenceOnly(id: string): Engine {
  const no = (): never => {
    throw new Unsupported(`${id} runs exported models for inference: no op or training rows`);
  };
  return {
    id,
    label: id,
    backend: 'cpu',
    library: 'onnxruntime',
    activate: async () => {},
    liveBytes: () => 0,
    matmul: async () => no(),
    conv: async () => no(),
    maxPool: async () => no(),
    batchNorm: async () => no(),
    op: async () => no(),
    augment: async () => no(),
    model: async () => no(),
  };
}

describe('runBench progress', () => {
  it('says once that an engine lacks a kind of row or could not start, and keeps every result', async () => {
    const lines: string[] = [];
    const slots: EngineSlot[] = [
      { info: { id: 'ort', label: 'ort', backend: 'cpu', library: 'onnxruntime' }, engine: inferenceOnly('ort'), reason: null },
      { info: { id: 'gone', label: 'gone', backend: 'cpu', library: 'onnxruntime' }, engine: null, reason: 'gone did not load' },
    ];
    const report = await runBench(profile, slots, createProgress({ write: (s) => lines.push(s), isTTY: false }));
    expect(lines.join('')).toBe(
      'bench: 4 steps\n' +
        '  [1/4] matmul 128 · ort: unsupported (ort runs exported models for inference: no op or training rows)\n' +
        '  [2/4] matmul 128 · gone: unavailable (gone did not load)\n',
    );
    expect(report.rows.map((r) => r.results.map((x) => `${x.engine} ${x.status}`))).toEqual([
      ['ort unsupported', 'gone unavailable'],
      ['ort unsupported', 'gone unavailable'],
    ]);
    expect(report.rows[1]?.results[0]?.reason).toContain('inference');
  });
});
