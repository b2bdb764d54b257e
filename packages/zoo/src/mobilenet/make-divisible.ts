/**
 * torchvision's `_make_divisible` (from TensorFlow's MobileNet): `v` rounded to the nearest
 * multiple of `divisor`, at least `minValue` (default `divisor`), and moved up a step where
 * rounding down lost more than 10%.
 */
export function makeDivisible(v: number, divisor: number, minValue: number = divisor): number {
  let rounded = Math.max(minValue, Math.floor(Math.trunc(v + divisor / 2) / divisor) * divisor);
  if (rounded < 0.9 * v) rounded += divisor;
  return rounded;
}
