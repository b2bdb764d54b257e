import { describe, expect, it } from 'vitest';
import { isSoftwareAdapter, verdicts } from '../src/report/verdict.js';
import { sampleReport } from './sample-report.js';

describe('the report verdict', () => {
  it('gives one line per backend: conformance over every runtime, and rows faster than each peer', () => {
    const [cpu] = verdicts(sampleReport());
    expect(cpu).toMatch(
      /^cpu: conformance 72\/73 FAILING on node; faster than tfjs-cpu on \d+ of \d+ rows \(geometric mean [\d.]+×\); faster than tfjs-wasm on \d+ of \d+ rows/,
    );
  });

  it('says loudly that a backend was unavailable, and why', () => {
    expect(verdicts(sampleReport())[1]).toBe(
      'webgpu: UNAVAILABLE — backend not installed (@stride/kernels-webgpu); its parity and benchmarks did not run',
    );
  });

  it('labels WebGPU on a CPU-emulated adapter as software', () => {
    const r = sampleReport();
    r.backends[1] = { name: 'webgpu', available: true, reason: null, adapter: 'llvmpipe (LLVM 19.1.7, 256 bits) (Vulkan)' };
    expect(verdicts(r)[1]).toMatch(/^webgpu \(software adapter: llvmpipe/);
    expect([
      isSoftwareAdapter('SwiftShader Device (Subzero)'),
      isSoftwareAdapter('NVIDIA H100 80GB HBM3'),
      isSoftwareAdapter(null),
    ]).toEqual([true, false, false]);
  });
});
