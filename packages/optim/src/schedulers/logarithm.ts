import { add, div, mul, mulNum, toNumber, twoProd, twoSum, type DD } from './double-double.js';

/**
 * The natural log of x, rounded correctly to the nearest double, as C's log (glibc) gives it and
 * V8's Math.log does not for about one argument in fifty. CosineAnnealingWarmRestarts finds its
 * cycle with int(log(x) / log(tMult)), where one ulp can change the cycle (PyTorch's
 * log(243) / log(3) is 4.999999999999999, V8's 5).
 */
export function logarithm(x: number): number {
  if (!(x > 0) || x === Infinity || x < 2.2250738585072014e-308) return Math.log(x);
  // x = m · 2^k with m in [√½, √2]; the scalings by powers of two are exact.
  let k = Math.floor(Math.log2(x));
  let m = x / 2 ** k;
  if (m > Math.SQRT2) [m, k] = [m / 2, k + 1];
  else if (m < Math.SQRT1_2) [m, k] = [m * 2, k - 1];
  // log m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …), s = (m − 1)/(m + 1), |s| <= 0.172.
  const s = div([m - 1, 0], twoSum(m, 1));
  const s2 = mul(s, s);
  let power = s;
  let sum = s;
  for (let n = 3; n < 80; n += 2) {
    power = mul(power, s2);
    const term = div(power, [n, 0]);
    sum = add(sum, term);
    if (Math.abs(term[0]) < 1e-36 * Math.abs(sum[0])) break;
  }
  const kLn2: DD = add(twoProd(k, LN2_HI), [k * LN2_LO, 0]);
  return toNumber(add(kLn2, mulNum(sum, 2)));
}

// ln 2 as a double-double: the double nearest it, then the remainder.
const LN2_HI = Math.LN2;
const LN2_LO = 2.3190468138462996e-17;
