import { where, type Tensor } from '@stride/core-tensor';

/**
 * erf(x) in double precision, for the truncation points of `truncNormal` (torch computes them
 * with Python's math.erf). Below |x| = 3 the series 2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(2n+1)!! has only
 * positive terms, so nothing cancels; above it the continued fraction for erfc converges fast.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  const value = ax < 3 ? erfSeries(ax) : 1 - erfcContinuedFraction(ax);
  return x < 0 ? -value : value;
}

function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; term > 1e-17 * sum; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

/** erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …)))), evaluated from the tail. */
function erfcContinuedFraction(x: number): number {
  if (x > 27) return 0;
  let tail = x;
  for (let k = 60; k >= 1; k--) tail = x + k / 2 / tail;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / tail;
}

/**
 * The inverse error function on a float32 tensor in (−1, 1), composed from elementwise ops so it
 * runs on every backend: M. Giles, "Approximating the erfinv function" (GPU Computing Gems, 2011),
 * single-precision version (relative error below 4e-7 over the whole range).
 */
export function erfinv(y: Tensor): Tensor {
  // y = ±1 (a uniform draw of exactly 0 when the cutoff is far out) would give w = ∞; the nearest
  // float32 to ±1 gives w ≈ 16.6, so 30 changes nothing else and keeps the result finite.
  const w = y.neg().add(1).mul(y.add(1)).log().neg().clamp(0, 30);
  const central = polynomial(w.sub(2.5), CENTRAL);
  const tails = polynomial(w.sqrt().sub(3), TAILS);
  return where(w.lt(5), central, tails).mul(y);
}

function polynomial(w: Tensor, coefficients: readonly number[]): Tensor {
  let p = w.mul(coefficients[0]!).add(coefficients[1]!);
  for (const c of coefficients.slice(2)) p = p.mul(w).add(c);
  return p;
}

const CENTRAL = [
  2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941,
];
const TAILS = [
  -0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682,
];
