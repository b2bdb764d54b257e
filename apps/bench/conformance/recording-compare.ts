import type * as FixtureCompare from '@stride/conformance/fixture-compare';
import { errorRatio } from '../src/parity/error-ratio.ts';
import { recorder } from './ratio-recorder.ts';

type Module = typeof FixtureCompare;

/**
 * The fixture-compare module with `compareToFixture` observed: every comparison records how
 * close it came to its tolerance (the running test's worst error ratio); the verdict is the
 * original's, untouched.
 */
export function recordingCompare(real: Module): Module {
  return {
    ...real,
    compareToFixture: (op, name, got, gotShape, expected, tolerance = {}) => {
      const ratio = errorRatio(got, expected.data, tolerance.rtol ?? real.DEFAULT_RTOL, tolerance.atol ?? real.DEFAULT_ATOL);
      if (ratio !== null) recorder.record(ratio);
      return real.compareToFixture(op, name, got, gotShape, expected, tolerance);
    },
  };
}
