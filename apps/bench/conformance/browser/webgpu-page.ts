// The page script of `stride-bench parity` in Chromium: the conformance suite on the WebGPU
// backend, with 'vitest' bundled as @stride/conformance's browser shim and fixture comparisons
// recorded (webgpu-in-chromium.conformance.ts swaps the module in).
import { beforeEach } from 'vitest';
import { describeBackend } from '@stride/conformance';
import { run } from '@stride/conformance/browser/vitest-shim';
import { webgpu } from '@stride/kernels-webgpu';
import { recorder } from '../ratio-recorder.ts';

beforeEach(({ task }) => recorder.begin(task.meta));

describeBackend('webgpu', () => webgpu());

window.strideConformance = run;
