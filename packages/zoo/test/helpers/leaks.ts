import { afterEach, beforeEach, expect } from 'vitest';
import { memory, setBackend } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';

/** Runs each test of the file on the CPU backend and fails it if it leaves tensors alive. */
export function onCpuWithoutLeaks(): void {
  let before = 0;
  beforeEach(() => {
    setBackend(cpu());
    before = memory().numTensors;
  });
  afterEach(() => {
    expect(memory().numTensors, 'live tensors after the test').toBe(before);
  });
}
