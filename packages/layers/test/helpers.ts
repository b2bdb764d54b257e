import { afterEach, beforeEach, expect } from 'vitest';
import { memory, setBackend, tensor, type Tensor } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';

setBackend(cpu());

export interface FlatTensor {
  shape: number[];
  data: number[];
}

/** A float32 tensor from a fixture record. */
export function fromFixture(f: FlatTensor): Tensor {
  return tensor(f.data, f.shape);
}

/** DESIGN.md's per-tensor tolerance: max|got − exp| ≤ atol + rtol·max|exp|, shapes equal. */
export function expectClose(got: Tensor, exp: FlatTensor, rtol = 1e-5, atol = 1e-7): void {
  expect([...got.shape]).toEqual(exp.shape);
  const values = got.dataSync();
  let worst = 0;
  let scale = 0;
  exp.data.forEach((e, i) => {
    worst = Math.max(worst, Math.abs(values[i]! - e));
    scale = Math.max(scale, Math.abs(e));
  });
  expect(worst).toBeLessThanOrEqual(atol + rtol * scale);
}

/** Every test in the file must leave as many live tensors as it found. */
export function checkNoLeaks(): void {
  let before = 0;
  beforeEach(() => {
    before = memory().numTensors;
  });
  afterEach(() => {
    expect(memory().numTensors).toBe(before);
  });
}
