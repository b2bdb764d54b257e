// The conformance suite on Stride's CPU backend, run by `stride-bench parity` under each runtime
// (vitest with vitest.parity.config.ts and a JSON reporter).
import { beforeEach, vi } from 'vitest';
import { describeBackend } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';
import { recorder } from './ratio-recorder.ts';

// Mocked by package name: vitest mocks the resolved file, which is also the one the suite's own
// harness imports, so every comparison the suite makes is recorded.
vi.mock(import('@stride/conformance/fixture-compare'), async (importOriginal) => {
  const { recordingCompare } = await import('./recording-compare.ts');
  return recordingCompare(await importOriginal());
});

beforeEach(({ task }) => recorder.begin(task.meta));

describeBackend('cpu', () => cpu());
