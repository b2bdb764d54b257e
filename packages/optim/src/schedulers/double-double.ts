/**
 * Double-double arithmetic: a value held as an unevaluated sum hi + lo of two doubles, about 106
 * bits. The schedulers use it to round a transcendental result once, as glibc's correctly rounded
 * (or nearly so) functions do, where V8's are one ulp off for some arguments.
 */
export type DD = readonly [hi: number, lo: number];

const SPLIT = 134217729; // 2^27 + 1, Dekker's splitter

/** a + b exactly (Knuth's two-sum). */
export function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

/** a · b exactly (Dekker's two-product). */
export function twoProd(a: number, b: number): DD {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

export function add(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  return twoSum(s, e + a[1] + b[1]);
}

export function mul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return twoSum(p, e + a[0] * b[1] + a[1] * b[0]);
}

export function divNum(a: DD, b: number): DD {
  const q = a[0] / b;
  const [p, e] = twoProd(q, b);
  return twoSum(q, (a[0] - p - e + a[1]) / b);
}

/** a / b: three quotient digits, each from the remainder of the ones before. */
export function div(a: DD, b: DD): DD {
  const q1 = a[0] / b[0];
  let r = add(a, neg(mulNum(b, q1)));
  const q2 = r[0] / b[0];
  r = add(r, neg(mulNum(b, q2)));
  const q3 = r[0] / b[0];
  return add(twoSum(q1, q2), [q3, 0]);
}

export function mulNum(a: DD, b: number): DD {
  return mul(a, [b, 0]);
}

export function neg(a: DD): DD {
  return [-a[0], -a[1]];
}

/** The double nearest to a. */
export function toNumber(a: DD): number {
  return a[0] + a[1];
}

function split(a: number): DD {
  const t = SPLIT * a;
  const hi = t - (t - a);
  return [hi, a - hi];
}
