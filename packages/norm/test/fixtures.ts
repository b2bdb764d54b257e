import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { tensor, type Tensor } from '@stride/core-tensor';

/** A tensor as the PyTorch fixtures store it: a shape and its values in row-major order. */
export interface FixtureTensor {
  shape: number[];
  data: number[];
}

/** Reads `fixtures/<name>.json`, written by scripts/gen_fixtures.py. */
export function loadCases<T>(name: string): T[] {
  const url = new URL(`../fixtures/${name}.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: T[] }).cases;
}

export function fromFixture(t: FixtureTensor, requiresGrad = false): Tensor {
  return tensor(t.data, t.shape, { requiresGrad });
}

export const RTOL = 1e-5;
// Lets exactly-zero expectations (gradients that cancel) absorb float32 rounding noise.
export const ATOL = 1e-7;

/**
 * Expects `got` to equal PyTorch's value per tensor: max|got − exp| ≤ atol + rtol·max|exp|,
 * since float32 error scales with the tensor's magnitude rather than with each element's.
 */
export function expectClose(label: string, got: Tensor | null | undefined, exp: FixtureTensor, rtol = RTOL, atol = ATOL): void {
  expect(got, `${label} is missing`).toBeTruthy();
  expect([...got!.shape], `${label} shape`).toEqual(exp.shape);
  const values = got!.dataSync();
  let scale = 0;
  for (const v of exp.data) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const diff = Math.abs(values[i]! - exp.data[i]!);
    if (!(diff <= worst)) [worst, at] = [Number.isNaN(diff) ? Infinity : diff, i];
  }
  const allowed = atol + rtol * scale;
  expect(
    worst,
    `${label}: worst |got − exp| at index ${at} (got ${values[at]}, expected ${exp.data[at]}) within ${allowed.toExponential(2)}`,
  ).toBeLessThanOrEqual(allowed);
}
