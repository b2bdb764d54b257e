// The conformance suite on Stride's CPU backend, run by `stride-bench parity` under each runtime
// (vitest with vitest.parity.config.ts and a JSON reporter).
import { beforeEach, vi } from 'vitest';
import { describeBackend } from '@stride/conformance';
import { cpu } from '@stride/kernels-cpu';
import { recorder } from './ratio-recorder.ts';

// Observes every fixture comparison to record how close it came to its tolerance; the
// comparison's verdict is the original's, untouched.
vi.mock(import('../../../packages/conformance/src/fixture-compare.ts'), async (importOriginal) => {
  const real = await importOriginal();
  const { errorRatio } = await import('../src/parity/error-ratio.ts');
  return {
    ...real,
    compareToFixture: (op, name, got, gotShape, expected, tolerance = {}) => {
      const ratio = errorRatio(got, expected.data, tolerance.rtol ?? real.DEFAULT_RTOL, tolerance.atol ?? real.DEFAULT_ATOL);
      if (ratio !== null) recorder.record(ratio);
      return real.compareToFixture(op, name, got, gotShape, expected, tolerance);
    },
  };
});

beforeEach(({ task }) => recorder.begin(task.meta));

describeBackend('cpu', () => cpu());
