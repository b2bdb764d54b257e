import { describe, expect, it } from 'vitest';
import { formatBytes, formatMs, formatRatio, formatRatioWithSpread, formatTable } from '../src/report/format.js';
import { augmentationNote, benchTables, parityMatrix } from '../src/report/tables.js';
import { sampleReport } from './sample-report.js';

describe('formatTable', () => {
  it('pads columns to the widest cell, right-aligns numeric columns and their headers, rules the header', () => {
    expect(
      formatTable(
        ['op', 'ms'],
        [
          ['matmul', '1.5'],
          ['conv2d 5×5', '12.25'],
        ],
      ),
    ).toBe(['op             ms', '──────────  ─────', 'matmul        1.5', 'conv2d 5×5  12.25'].join('\n'));
  });
});

describe('number formats', () => {
  it('times keep three significant digits below 100 ms and whole milliseconds above', () => {
    expect([formatMs(0.12345), formatMs(12.345), formatMs(1234.5), formatMs(null)]).toEqual(['0.123 ms', '12.3 ms', '1235 ms', '—']);
  });
  it('bytes use binary units', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(3 * 2 ** 20)]).toEqual(['512 B', '1.5 KiB', '3.0 MiB']);
  });
  it('ratios print with two significant digits and a ×, with their spread where given', () => {
    expect([formatRatio(2.456), formatRatio(0.3712), formatRatio(12.6), formatRatio(0.004), formatRatio(null)]).toEqual([
      '2.5×',
      '0.37×',
      '13×',
      '4.0e-3×',
      '—',
    ]);
    expect(formatRatioWithSpread(2.456, [2.104, 2.95])).toBe('2.5× (2.1–3)');
    expect(formatRatioWithSpread(2.456, null)).toBe('2.5×');
  });
});

describe('parity matrix', () => {
  it('gives passed/total and the worst ratio per family and backend/runtime, with totals', () => {
    const lines = parityMatrix(sampleReport().parity!).split('\n');
    expect(lines[0]).toMatch(/^op family\s+cpu\/node$/);
    expect(lines[2]).toMatch(/^max pooling\s+16\/16 · 0\.012$/);
    expect(lines[3]).toMatch(/^error messages\s+56\/57 \+2 skipped$/);
    expect(lines[4]).toMatch(/^gradcheck: pooling\s+7 skipped$/);
    expect(lines[5]).toMatch(/^all\s+72\/73 \+9 skipped$/);
    expect(lines[6]).toMatch(/^skipped: tests a backend opts out of/);
  });
  it('lists runs that could not start, with the reason', () => {
    expect(parityMatrix(sampleReport().parity!)).toContain('webgpu/node: backend not installed');
  });
});

describe('bench table', () => {
  it("shows Stride's median and each peer's median with Stride's speed over it", () => {
    const row = benchTables(sampleReport().bench!)
      .split('\n')
      .find((l) => l.startsWith('matmul 256'));
    // Spread: the peer's fastest over Stride's slowest run (36/12) to its slowest over Stride's fastest (48/9).
    expect(row).toMatch(/10\.0 ms .* 40\.0 ms\s+4× \(3–5\.3\)\s+2\.00 ms\s+0\.2× \(0\.15–0\.27\)$/);
  });
  it('marks an op a peer lacks as unsupported and says why under the table', () => {
    const text = benchTables(sampleReport().bench!);
    expect(text.split('\n').find((l) => l.startsWith('conv2d LeNet conv1 backward-weight'))).toMatch(/unsupported\s+unsupported$/);
    expect(text).toContain('tfjs-wasm unsupported (tfjs-wasm has no Conv2DBackpropFilter kernel): conv2d LeNet conv1 backward-weight');
  });
});

describe('augmentation against the forward pass', () => {
  it('says how long augmenting a CIFAR batch takes beside resnet20 forward of the same images', () => {
    const bench = sampleReport().bench!;
    const stride = bench.engines.find((e) => e.library === 'stride' && e.backend === 'cpu')!;
    const result = (medianMs: number, imagesPerSec: number | null) => ({
      engine: stride.id,
      status: 'ok' as const,
      reason: null,
      firstMs: medianMs,
      medianMs,
      minMs: medianMs,
      maxMs: medianMs,
      samples: 3,
      gflops: null,
      imagesPerSec,
      peakBytes: 0,
      peakRssBytes: 0,
    });
    bench.rows.push(
      {
        id: 'augment-cifar-64',
        group: 'data',
        name: 'augment: randomResizedCrop + flip',
        shape: '64×3×32²',
        flops: null,
        images: 64,
        results: [result(1.5, null)],
      },
      {
        id: 'resnet20-infer',
        group: 'model',
        name: 'resnet20 inference',
        shape: 'batch 32',
        flops: null,
        images: 32,
        results: [result(100, 320)],
      },
    );
    expect(augmentationNote(bench)).toBe(
      "augmenting 64 CIFAR images (randomResizedCrop + flip) takes 1.50 ms, less than resnet20's forward pass of them (200 ms at its measured 320 images/s)",
    );
  });
});
