import { div, mul, toNumber, type DD } from './double-double.js';

/**
 * base ** n for an integer n, rounded correctly to the nearest double. PyTorch's schedulers raise
 * gamma to integer powers with C's pow (glibc, correctly rounded bar rare near-ties), while V8's
 * `**` is one ulp off for about one power in thirteen (0.9 ** 4 is 0.6561000000000001 in V8,
 * 0.6561 in C). Squaring in double-double and rounding once gives C's answer.
 */
export function powInt(base: number, n: number): number {
  if (!Number.isInteger(n)) throw new Error(`powInt: n is ${n} (expected an integer)`);
  if (n === 0) return 1;
  if (!Number.isFinite(base) || base === 0 || Math.abs(n) > 1e6) return base ** n;
  let result: DD = [1, 0];
  let square: DD = [base, 0];
  for (let k = Math.abs(n); k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result = mul(result, square);
    if (k > 1) square = mul(square, square);
  }
  return toNumber(n < 0 ? div([1, 0], result) : result);
}
