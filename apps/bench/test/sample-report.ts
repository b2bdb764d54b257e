import { emptyResult } from '../src/run-bench.js';
import { SCHEMA_VERSION, type EngineResult, type Report } from '../src/report/types.js';

export function okResult(engine: string, medianMs: number, extra: Partial<EngineResult> = {}): EngineResult {
  return {
    engine,
    status: 'ok',
    reason: null,
    firstMs: medianMs * 3,
    medianMs,
    minMs: medianMs * 0.9,
    maxMs: medianMs * 1.2,
    samples: 3,
    gflops: 2.5,
    imagesPerSec: null,
    peakBytes: 1 << 20,
    peakRssBytes: 100 << 20,
    ...extra,
  };
}

/** A report as a bench run writes it: one parity run, two rows (one with an unsupported peer), a short training. */
export function sampleReport(): Report {
  return {
    schemaVersion: SCHEMA_VERSION,
    createdAt: '2025-01-01T00:00:00.000Z',
    command: 'all',
    profile: { name: 'quick', description: 'quick' },
    machine: {
      os: 'linux 6.1',
      arch: 'x64',
      cpuModel: 'Test CPU',
      cores: 2,
      memoryBytes: 8 << 30,
      pytorch: {
        available: true,
        reason: null,
        version: '1.13.0a0',
        torchvision: '0.14.1a0',
        threads: 2,
        blas: 'OpenBLAS 0.3.21 (pthread)',
        blasConfig: 'BLAS_INFO=generic',
      },
    },
    runtime: { name: 'node', version: '20.19.0' },
    backends: [
      { name: 'cpu', available: true, reason: null, adapter: null },
      { name: 'webgpu', available: false, reason: 'backend not installed (@stride/kernels-webgpu)', adapter: null },
    ],
    versions: { '@stride/core-tensor': '0.1.0', '@tensorflow/tfjs-core': '4.22.0' },
    parity: {
      runs: [
        {
          backend: 'cpu',
          runtime: 'node',
          available: true,
          reason: null,
          runtimeVersion: '20.19.0',
          error: null,
          durationMs: 4000,
          families: [
            { family: 'max pooling', passed: 16, total: 16, skipped: 0, worstRatio: 0.012, failures: [] },
            { family: 'error messages', passed: 56, total: 57, skipped: 2, worstRatio: null, failures: ['pad: message differs'] },
            { family: 'gradcheck: pooling', passed: 0, total: 0, skipped: 7, worstRatio: null, failures: [] },
          ],
        },
        {
          backend: 'webgpu',
          runtime: 'node',
          available: false,
          reason: 'backend not installed',
          runtimeVersion: null,
          error: null,
          durationMs: 0,
          families: [],
        },
      ],
    },
    bench: {
      engines: [
        { id: 'stride-cpu', label: 'Stride cpu', backend: 'cpu', library: 'stride' },
        { id: 'tfjs-cpu', label: 'tfjs-cpu', backend: 'cpu', library: 'tfjs' },
        { id: 'tfjs-wasm', label: 'tfjs-wasm', backend: 'cpu', library: 'tfjs' },
        { id: 'pytorch', label: 'PyTorch', backend: 'cpu', library: 'pytorch' },
      ],
      rows: [
        {
          id: 'matmul-256',
          group: 'matmul',
          name: 'matmul 256',
          shape: '[256, 256] @ [256, 256]',
          flops: 2 * 256 ** 3,
          images: null,
          results: [okResult('stride-cpu', 10), okResult('tfjs-cpu', 40), okResult('tfjs-wasm', 2), okResult('pytorch', 5)],
        },
        {
          id: 'conv-lenet-conv1-backward-weight',
          group: 'conv',
          name: 'conv2d LeNet conv1 backward-weight',
          shape: 'N64 1→20 28² K5 P2',
          flops: 1e8,
          images: null,
          results: [
            okResult('stride-cpu', 20),
            okResult('tfjs-cpu', 30),
            emptyResult('tfjs-wasm', 'unsupported', 'tfjs-wasm has no Conv2DBackpropFilter kernel'),
            okResult('pytorch', 15),
          ],
        },
      ],
      ceiling: {
        instruction: 'f32x4.relaxed_madd',
        accumulators: 12,
        runs: [
          { threads: 1, gflops: 48 },
          { threads: 2, gflops: 95 },
        ],
      },
    },
    training: {
      dataset: 'MNIST',
      images: 128,
      epochImages: 60000,
      subset: true,
      note: 'Trained on a subset: the first 128 of 60000 training images (2 steps of 64), not a full epoch.',
      batch: 64,
      steps: 2,
      losses: [2.3, 2.1],
      testImages: 100,
      testAccuracy: 0.3,
      filters: { shape: [20, 1, 5, 5], data: Array.from({ length: 500 }, (_, i) => Math.sin(i)) },
      durationMs: 3000,
    },
    durationMs: 60000,
  };
}
