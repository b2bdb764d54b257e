import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memory } from '@stride/core-tensor';
import { main } from '../src/main.js';
import { soakSummary, type SoakReport, type SoakSample } from '../src/soak/soak.js';

function sink() {
  const chunks: string[] = [];
  return { text: () => chunks.join(''), write: (s: string) => chunks.push(s), isTTY: false };
}

const sample = (step: number, rss: number, tensors = 34): SoakSample => ({
  step,
  tensors,
  tensorBytes: 1000,
  heapUsedBytes: 2 ** 20,
  heapTotalBytes: 2 ** 22,
  rssBytes: rss,
  wasmMemoryBytes: 2 ** 26,
  wasmHeapUsedBytes: 2 ** 24,
  recycledBytes: 0,
});

describe('stride-bench soak', () => {
  it('runs the canonical step, samples every counter and writes soak.json', async () => {
    const out = mkdtempSync(join(tmpdir(), 'stride-soak-'));
    const stdout = sink();
    const before = memory().numTensors;
    try {
      const { code } = await main(['soak', '--steps', '12', '--batch', '4', '--out', out], { stdout, stderr: sink() });
      expect(code).toBe(0);
      expect(stdout.text()).toMatch(
        /^soak: 12 steps of LeNet-5 \+ Adam, batch 4, in \d+ s; from step 12 to 12:\n {2}live tensors +\d+ → +\d+ {2}\(flat\)/,
      );
      const report = JSON.parse(readFileSync(join(out, 'soak.json'), 'utf8')) as SoakReport;
      expect(report.samples.map((s) => s.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      // The step's tensors (loss, activations, gradients) are all freed: only the model, Adam's state and the batch live.
      expect(new Set(report.samples.slice(1).map((s) => s.tensors)).size).toBe(1);
      expect(memory().numTensors).toBe(before);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60000);

  it('summarises from the end of warm-up and names the largest rise in RSS', () => {
    const report: SoakReport = {
      plan: { steps: 300, batch: 32, every: 100 },
      durationMs: 9000,
      samples: [sample(0, 100), sample(100, 2 ** 27), sample(200, 2 ** 27 + 2 ** 24), sample(300, 2 ** 27 + 2 ** 24)],
    };
    const text = soakSummary(report);
    expect(text).toContain('from step 100 to 300');
    expect(text).toMatch(/RSS +128\.0 MiB → +144\.0 MiB {2}\(\+16\.0 MiB\)/);
    expect(text).toContain('live tensors                     34 →           34  (flat)');
    expect(text).toContain('largest rise in RSS between samples: 128.0 MiB at step 100');
  });
});
