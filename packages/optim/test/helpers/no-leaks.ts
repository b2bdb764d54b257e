import { afterEach, beforeEach, expect } from 'vitest';
import { memory } from '@stride/core-tensor';

/**
 * Asserts that every test in the file leaves the live tensor count as it found it, after
 * `cleanup` has disposed what the file's setup made.
 */
export function expectNoLeaks(cleanup: () => void = () => {}): void {
  let live = 0;
  beforeEach(() => {
    live = memory().numTensors;
  });
  afterEach(() => {
    cleanup();
    expect(memory().numTensors).toBe(live);
  });
}
