import { add, divNum, mul, neg, toNumber, twoProd, twoSum, type DD } from './double-double.js';

/**
 * cos(x) rounded correctly to the nearest double. PyTorch's schedulers call C's cos (glibc, whose
 * result is within half an ulp bar rare near-ties), while V8's Math.cos is off by one ulp for
 * some arguments (cos(1.2π) for one); the recursive cosine schedule then prints a different
 * last digit. Evaluating in double-double (about 106 bits) and rounding once gives glibc's
 * answer. Meant for the modest arguments schedules use (|x| up to about 1e6).
 */
export function cosine(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const k = Math.round(x / PIO2_HI);
  // r = x − k·π/2 in double-double, with π/2 split over three doubles (Cody–Waite).
  let r = twoSum(x, 0);
  r = add(r, neg(twoProd(k, PIO2_HI)));
  r = add(r, neg(twoProd(k, PIO2_MID)));
  r = add(r, [-k * PIO2_LO, 0]);
  const quadrant = ((k % 4) + 4) % 4;
  const v = quadrant % 2 === 0 ? cosSeries(r) : sinSeries(r);
  const sign = quadrant === 1 || quadrant === 2 ? -1 : 1;
  return sign * toNumber(v);
}

const PIO2_HI = 1.5707963267948966;
const PIO2_MID = 6.123233995736766e-17;
const PIO2_LO = -1.4973849048591698e-33;

/** cos r = Σ (−1)^n r^(2n)/(2n)! for |r| ≤ π/4; 30 terms are far below 2^-106. */
function cosSeries(r: DD): DD {
  return series(r, [1, 0], 1);
}

function sinSeries(r: DD): DD {
  return series(r, r, 2);
}

/** Sums term, −term·r²/(n(n+1)), … starting from `first`, with n the power of `first` + 1. */
function series(r: DD, first: DD, n0: number): DD {
  const r2 = mul(r, r);
  let term = first;
  let sum = first;
  for (let n = n0; n < 60; n += 2) {
    term = divNum(mul(term, r2), -(n * (n + 1)));
    sum = add(sum, term);
    if (Math.abs(term[0]) < 1e-40) break;
  }
  return sum;
}
