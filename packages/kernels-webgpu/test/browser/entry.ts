// The page's script: the conformance suite exactly as test/conformance.test.ts registers it,
// with 'vitest' bundled as @stride/conformance's browser shim. test/chromium.test.ts runs it.
import { describeBackend } from '@stride/conformance';
import { run } from '@stride/conformance/browser/vitest-shim';
import { webgpu } from '../../src/index.js';

describeBackend('webgpu', () => webgpu());
describeBackend('webgpu with only required kernels', () => webgpu({ optionalKernels: false }));

window.strideConformance = run;
