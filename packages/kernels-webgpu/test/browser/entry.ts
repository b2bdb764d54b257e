// The page's script: the conformance suite exactly as test/conformance.test.ts registers it,
// with 'vitest' bundled as ./vitest-shim.ts. The Node test calls window.strideConformance().
import { describeBackend } from '@stride/conformance';
import { webgpu } from '../../src/index.js';
import { run, type TestResult } from './vitest-shim.js';

describeBackend('webgpu', () => webgpu());
describeBackend('webgpu with only required kernels', () => webgpu({ optionalKernels: false }));

declare global {
  interface Window {
    strideConformance(timeoutMs: number): Promise<TestResult[]>;
  }
}
window.strideConformance = run;
