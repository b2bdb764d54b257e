// What the page bundle gets for the suite's fixture-compare module (see
// ../webgpu-in-chromium.conformance.ts): the real module with comparisons recorded.
import * as real from '@stride/conformance/fixture-compare';
import { recordingCompare } from '../recording-compare.ts';

export type { FixtureTensor, Tolerance } from '@stride/conformance/fixture-compare';
export const { compareToFixture, DEFAULT_ATOL, DEFAULT_RTOL } = recordingCompare(real);
