/**
 * The counter-based stream every backend draws from: element i of a draw with seed s depends
 * only on (s, i), so CPU and GPU kernels produce the same numbers. PCG's output hash on u32,
 * written with Math.imul so a WGSL port is line for line.
 */
export function pcgHash(input: number): number {
  const state = (Math.imul(input >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** Uniform in [0, 1) with 24 random bits, the float32 mantissa's width. */
export function uniformAt(seed: number, i: number): number {
  return (pcgHash((pcgHash(seed) + i) >>> 0) >>> 8) / 16777216;
}

/** Standard normal by Box–Muller on two uniforms of the same stream (indices 2i and 2i+1). */
export function normalAt(seed: number, i: number): number {
  const u1 = uniformAt(seed, 2 * i);
  const u2 = uniformAt(seed, 2 * i + 1);
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}
