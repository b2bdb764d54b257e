/**
 * How close a tensor came to failing the conformance check `max|got − exp| ≤ atol + rtol·max|exp|`:
 * the left side over the right. Below 1 passes; NaN anywhere counts as Infinity. Null when the
 * sizes differ (the check fails on shape before any value is compared).
 */
export function errorRatio(got: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number): number | null {
  if (got.length !== expected.length) return null;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  let worst = 0;
  for (let i = 0; i < got.length; i++) {
    const diff = Math.abs(got[i]! - expected[i]!);
    if (Number.isNaN(diff)) return Infinity;
    worst = Math.max(worst, diff);
  }
  return worst / (atol + rtol * scale);
}
