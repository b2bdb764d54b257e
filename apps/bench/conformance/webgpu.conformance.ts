// The conformance suite on Stride's WebGPU backend, run by `stride-bench parity` under node, bun
// and deno (Dawn from the `webgpu` package in Node and Bun, Deno's own navigator.gpu).
import { beforeEach, vi } from 'vitest';
import { describeBackend } from '@stride/conformance';
import { webgpu } from '@stride/kernels-webgpu';
import { recorder } from './ratio-recorder.ts';

// Mocked by package name: vitest mocks the resolved file, which is also the one the suite's own
// harness imports, so every comparison the suite makes is recorded.
vi.mock(import('@stride/conformance/fixture-compare'), async (importOriginal) => {
  const { recordingCompare } = await import('./recording-compare.ts');
  return recordingCompare(await importOriginal());
});

beforeEach(({ task }) => recorder.begin(task.meta));

describeBackend('webgpu', () => webgpu());
