import { describe, beforeAll, beforeEach, afterEach, afterAll, expect } from 'vitest';
import { getBackend, setBackend, memory, type Backend } from '@stride/core-tensor';
import { registerFamilies } from './families/index.js';

/**
 * Runs the whole conformance suite against one backend: every family of ops (src/families/), each
 * op's PyTorch fixtures, gradchecks and error cases side by side. Every kernels package (and the bench
 * app) calls this once; the backend becomes the default for the tests' tensors, and every test
 * must leave `memory()` as it found it.
 */
export function describeBackend(name: string, makeBackend: () => Backend | Promise<Backend>): void {
  describe(`conformance: ${name}`, () => {
    let previous: Backend | undefined;
    let before = 0;
    beforeAll(async () => {
      previous = currentBackend();
      setBackend(await makeBackend());
    });
    afterAll(() => {
      if (previous) setBackend(previous);
    });
    beforeEach(() => {
      before = memory().numTensors;
    });
    afterEach(() => {
      expect(memory().numTensors, 'live tensors after the test').toBe(before);
    });
    registerFamilies();
  });
}

function currentBackend(): Backend | undefined {
  try {
    return getBackend();
  } catch {
    return undefined;
  }
}
export { onBackendWithoutLeaks } from './leaks.js';
