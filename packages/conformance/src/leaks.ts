import { afterEach, beforeEach, expect } from 'vitest';
import { memory, setBackend, type Backend } from '@stride/core-tensor';

/**
 * Makes each test of the enclosing describe (or file) run on a fresh `makeBackend()` and fail
 * if it leaves tensors alive: the leak rule every Stride package's tests follow.
 */
export function onBackendWithoutLeaks(makeBackend: () => Backend): void {
  let before = 0;
  beforeEach(() => {
    setBackend(makeBackend());
    before = memory().numTensors;
  });
  afterEach(() => {
    expect(memory().numTensors, 'live tensors after the test').toBe(before);
  });
}
