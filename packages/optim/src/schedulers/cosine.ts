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
  return sign * (v[0] + v[1]);
}

type DD = readonly [hi: number, lo: number];

const PIO2_HI = 1.5707963267948966;
const PIO2_MID = 6.123233995736766e-17;
const PIO2_LO = -1.4973849048591698e-33;
const SPLIT = 134217729; // 2^27 + 1, Dekker's splitter

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

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function split(a: number): DD {
  const t = SPLIT * a;
  const hi = t - (t - a);
  return [hi, a - hi];
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function add(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  return twoSum(s, e + a[1] + b[1]);
}

function mul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return twoSum(p, e + a[0] * b[1] + a[1] * b[0]);
}

function divNum(a: DD, b: number): DD {
  const q = a[0] / b;
  const [p, e] = twoProd(q, b);
  return twoSum(q, (a[0] - p - e + a[1]) / b);
}

function neg(a: DD): DD {
  return [-a[0], -a[1]];
}
