import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Tensor } from '@stride/core-tensor';

/**
 * A tensor as the generator stores it: every value in row-major order, or, for tensors too big
 * for the fixture (LeNet-5's fc1.weight), its sums along dims 0 and 1 and every
 * `sampleStep`-th element.
 */
export type FixtureTensor =
  | { shape: number[]; data: number[] }
  | { shape: number[]; sumDim0: number[]; sumDim1: number[]; sampleStep: number; sample: number[] };

/** Reads `fixtures/<name>.json`, written by scripts/gen_fixtures.py. */
export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/${name}.json`, import.meta.url), 'utf8')) as T;
}

/** DESIGN.md's whole-model tolerance. */
export const RTOL = 1e-4;
// Lets exactly-zero expectations (a dead ReLU's gradient) absorb float32 rounding noise.
export const ATOL = 1e-6;

/**
 * Expects `got` to match PyTorch per tensor, max|got − exp| ≤ atol + rtol·max|exp| (float32 error
 * scales with a tensor's magnitude, not each element's); a summarised tensor is compared through
 * each of its summaries.
 */
export function expectClose(label: string, got: Tensor | null | undefined, exp: FixtureTensor): void {
  expect(got, `${label} is missing`).toBeTruthy();
  expect([...got!.shape], `${label} shape`).toEqual(exp.shape);
  const values = got!.dataSync();
  if ('data' in exp) {
    expectValuesClose(label, values, exp.data);
    return;
  }
  const [rows, cols] = [exp.shape[0]!, values.length / exp.shape[0]!];
  const sumDim0 = new Float64Array(cols);
  const sumDim1 = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      sumDim0[c]! += values[r * cols + c]!;
      sumDim1[r]! += values[r * cols + c]!;
    }
  }
  expectValuesClose(`${label} summed over dim 0`, sumDim0, exp.sumDim0);
  expectValuesClose(`${label} summed over dim 1`, sumDim1, exp.sumDim1);
  const sample = Array.from({ length: exp.sample.length }, (_, i) => values[i * exp.sampleStep]!);
  expectValuesClose(`${label} every ${exp.sampleStep}th element`, sample, exp.sample);
}

function expectValuesClose(label: string, got: ArrayLike<number>, exp: readonly number[]): void {
  expect(got.length, `${label} length`).toBe(exp.length);
  let scale = 0;
  for (const v of exp) scale = Math.max(scale, Math.abs(v));
  let [worst, at] = [0, 0];
  for (let i = 0; i < exp.length; i++) {
    const diff = Math.abs(got[i]! - exp[i]!);
    if (!(diff <= worst)) [worst, at] = [Number.isNaN(diff) ? Infinity : diff, i];
  }
  const allowed = ATOL + RTOL * scale;
  expect(
    worst,
    `${label}: worst |got − exp| at ${at} (got ${got[at]}, expected ${exp[at]}) within ${allowed.toExponential(2)}`,
  ).toBeLessThanOrEqual(allowed);
}
