/**
 * WGSL functions where the builtins fall short of PyTorch's float32 results: WGSL leaves NaN
 * handling of min/max and pow of negative bases undefined, tanh may overflow through
 * sinh/cosh, and it has no erf. Prepended only to the programs that call them.
 */
export const MATH_WGSL = /* wgsl */ `
fn is_nan(x: f32) -> bool {
  // Bit test rather than x != x, which an optimiser that assumes no NaNs may fold away.
  return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u;
}

// Through a var: WGSL rejects NaN and infinity as constant expressions.
fn nan_f32() -> f32 {
  var bits = 0x7fc00000u;
  return bitcast<f32>(bits);
}

fn inf_f32() -> f32 {
  var bits = 0x7f800000u;
  return bitcast<f32>(bits);
}

// torch.maximum / torch.minimum and max/min reductions propagate NaN.
fn max_nan(a: f32, b: f32) -> f32 {
  if (is_nan(a) || is_nan(b)) { return nan_f32(); }
  return max(a, b);
}

fn min_nan(a: f32, b: f32) -> f32 {
  if (is_nan(a) || is_nan(b)) { return nan_f32(); }
  return min(a, b);
}

// x^n for an integer n by repeated squaring, as exact as the multiplications.
fn powi_f32(x: f32, n: i32) -> f32 {
  var base = x;
  var e = abs(n);
  var acc = 1.0;
  loop {
    if (e == 0) { break; }
    if ((e & 1) == 1) { acc = acc * base; }
    base = base * base;
    e = e >> 1u;
  }
  if (n < 0) { return 1.0 / acc; }
  return acc;
}

// C's pow: integer exponents keep the sign of a negative base; a fractional one gives NaN.
fn pow_f32(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return 1.0; }
  if (is_nan(x) || is_nan(y)) { return nan_f32(); }
  let integral = y == trunc(y);
  if (integral && abs(y) <= 64.0) { return powi_f32(x, i32(y)); }
  if (x == 0.0) {
    if (y > 0.0) { return 0.0; }
    return inf_f32();
  }
  let m = exp2(y * log2(abs(x)));
  if (x > 0.0) { return m; }
  if (!integral) { return nan_f32(); }
  let odd = (trunc(y * 0.5) * 2.0) != y;
  return select(m, -m, odd);
}

fn powi_i32(x: i32, n: i32) -> i32 {
  if (n < 0) {
    // Math.pow(x, n) stored into an Int32Array: only ±1 survive a negative exponent.
    if (x == 1) { return 1; }
    if (x == -1) { return select(1, -1, (n & 1) == 1); }
    return 0;
  }
  var base = x;
  var e = n;
  var acc = 1;
  loop {
    if (e == 0) { break; }
    if ((e & 1) == 1) { acc = acc * base; }
    base = base * base;
    e = e >> 1u;
  }
  return acc;
}

// log(0) is -inf, as in PyTorch; SwiftShader's log gives about -88 (the log of the smallest normal).
fn log_f32(x: f32) -> f32 {
  if (x == 0.0) { return -inf_f32(); }
  return log(x);
}

fn tanh_f32(x: f32) -> f32 {
  // tanh(9) rounds to 1 in float32; beyond it sinh/cosh would overflow.
  if (abs(x) > 9.0) { return sign(x); }
  return tanh(x);
}

fn sigmoid_f32(x: f32) -> f32 {
  return 1.0 / (1.0 + exp(-x));
}

// erf: its Maclaurin series near 0 (no cancellation), Numerical Recipes' erfc Chebyshev fit
// (relative error < 1.2e-7) beyond.
fn erf_f32(x: f32) -> f32 {
  let z = abs(x);
  if (z < 0.5) {
    let x2 = x * x;
    return 1.1283791670955126 * x * (1.0 + x2 * (-0.3333333333 + x2 * (0.1 + x2 * (-0.0238095238 + x2 * (0.0046296296 + x2 * -0.0007575758)))));
  }
  let t = 1.0 / (1.0 + 0.5 * z);
  let erfc = t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return select(erfc - 1.0, 1.0 - erfc, x >= 0.0);
}
`;
