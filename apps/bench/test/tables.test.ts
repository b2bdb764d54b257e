import { describe, expect, it } from 'vitest';
import { formatBytes, formatMs, formatRatio, formatRatioWithSpread, formatTable } from '../src/report/format.js';
import { augmentationNote, benchTables, ceilingText, missingNotes, parityMatrix, pytorchText } from '../src/report/tables.js';
import type { BenchReport } from '../src/report/types.js';
import { okResult, sampleReport } from './sample-report.js';

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
    expect(row).toMatch(/10\.0 ms .* 40\.0 ms\s+4× \(3–5\.3\)\s+2\.00 ms\s+0\.2× \(0\.15–0\.27\)\s+5\.00 ms\s+0\.5× \(0\.38–0\.67\)$/);
  });
  it('marks an op a peer lacks as unsupported and says why under the table', () => {
    const text = benchTables(sampleReport().bench!);
    expect(text.split('\n').find((l) => l.startsWith('conv2d LeNet conv1 backward-weight'))).toMatch(
      /unsupported\s+unsupported\s+15\.0 ms\s+0\.75× \(0\.56–1\)$/,
    );
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

describe('the WebAssembly FMA ceiling', () => {
  it('gives GFLOP/s per thread count and the largest matmul on Stride cpu as a share of the most threads', () => {
    const bench = sampleReport().bench!;
    expect(ceilingText(bench.ceiling!, bench)).toBe(
      [
        'WebAssembly FMA ceiling (f32x4.relaxed_madd, 12 accumulators, registers only): 48.0 GFLOP/s on 1 thread, 95.0 GFLOP/s on 2 threads',
        '  matmul 256 on Stride cpu: 2.5 GFLOP/s, 3% of the 2-thread ceiling',
      ].join('\n'),
    );
    expect(benchTables(bench)).toContain('matmul 256 on Stride cpu: 2.5 GFLOP/s, 3% of the 2-thread ceiling');
  });
  it('gives the ceiling alone where no matmul ran on Stride cpu', () => {
    const bench = sampleReport().bench!;
    expect(ceilingText(bench.ceiling!, { ...bench, rows: bench.rows.filter((r) => r.group !== 'matmul') })).not.toContain('matmul');
  });
});

describe('notes on results without numbers', () => {
  it('names the other rows where an engine lacks most of them (an inference-only peer)', () => {
    const none = (engine: string) => ({ ...okResult(engine, 1), status: 'unsupported' as const, reason: 'inference only', medianMs: null });
    const bench: BenchReport = {
      engines: [{ id: 'onnxruntime-node', label: 'onnxruntime-node', backend: 'cpu', library: 'onnxruntime' }],
      rows: ['matmul 256', 'conv2d a', 'conv2d b', 'max-pool forward', 'LeNet-5 inference'].map((name, i) => ({
        id: `r${i}`,
        group: 'model',
        name,
        shape: '',
        flops: null,
        images: null,
        results: [name.includes('inference') ? okResult('onnxruntime-node', 3) : none('onnxruntime-node')],
      })),
      ceiling: null,
    };
    expect(missingNotes(bench)).toEqual(['  onnxruntime-node unsupported (inference only): every row but LeNet-5 inference']);
  });
});

describe('the PyTorch line', () => {
  it('names the version, threads and the BLAS torch loaded, or why PyTorch did not run', () => {
    expect(pytorchText(sampleReport().machine.pytorch!)).toBe(
      'PyTorch 1.13.0a0 (torchvision 0.14.1a0), 2 threads, BLAS: OpenBLAS 0.3.21 (pthread) (torch.__config__: BLAS_INFO=generic)',
    );
    expect(
      pytorchText({
        available: false,
        reason: 'no /x/python3',
        version: null,
        torchvision: null,
        threads: null,
        blas: null,
        blasConfig: null,
      }),
    ).toBe('PyTorch: unavailable (no /x/python3)');
  });
});
