// The conformance suite on Stride's CPU backend, run by `stride-bench parity` under each runtime
// (vitest with vitest.parity.config.ts and a JSON reporter).
import { beforeEach, vi } from 'vitest';
import { describeBackend } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';
import { recorder } from './ratio-recorder.ts';

vi.mock(import('../../../packages/conformance/src/fixture-compare.ts'), async (importOriginal) => {
  const { recordingCompare } = await import('./recording-compare.ts');
  return recordingCompare(await importOriginal());
});

beforeEach(({ task }) => recorder.begin(task.meta));

describeBackend('cpu', () => cpu());
