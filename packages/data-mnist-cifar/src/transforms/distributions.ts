/**
 * Samples of the distributions the augmentations need, drawn from a uniform [0, 1) stream
 * so that they follow the DataLoader's seed.
 */

/** A standard normal sample (Box–Muller). */
export function standardNormal(random: () => number): number {
  const u = 1 - random(); // in (0, 1], so the log is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A Gamma(shape, 1) sample: Marsaglia and Tsang's method, boosted by U^(1/shape) below shape 1. */
export function gamma(shape: number, random: () => number): number {
  if (shape < 1) return gamma(shape + 1, random) * (1 - random()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(random);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = 1 - random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Beta(a, b) sample, as X / (X + Y) of two Gamma samples. */
export function beta(a: number, b: number, random: () => number): number {
  const x = gamma(a, random);
  const y = gamma(b, random);
  // Both underflow only for tiny shapes, where Beta puts nearly all its mass at 0 and 1.
  if (x + y === 0) return random() < a / (a + b) ? 1 : 0;
  return x / (x + y);
}
