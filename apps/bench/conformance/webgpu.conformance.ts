// The conformance suite on Stride's WebGPU backend, run by `stride-bench parity` under node, bun
// and deno (Dawn from the `webgpu` package in Node and Bun, Deno's own navigator.gpu).
import { beforeEach, vi } from 'vitest';
import { describeBackend } from '@stride/conformance';
import { webgpu } from '@stride/kernels-webgpu';
import { recorder } from './ratio-recorder.ts';

vi.mock(import('../../../packages/conformance/src/fixture-compare.ts'), async (importOriginal) => {
  const { recordingCompare } = await import('./recording-compare.ts');
  return recordingCompare(await importOriginal());
});

beforeEach(({ task }) => recorder.begin(task.meta));

describeBackend('webgpu', () => webgpu());
