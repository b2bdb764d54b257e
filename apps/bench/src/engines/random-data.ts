/**
 * Seeded uniform values in [−1, 1) (mulberry32), for inputs handed to raw backend kernels;
 * tensors made through a library use its own seeded random instead.
 */
export function uniformData(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  const next = mulberry32(seed);
  for (let i = 0; i < size; i++) out[i] = next() * 2 - 1;
  return out;
}

/** mulberry32: seeded uniform numbers in [0, 1), the generator a DataLoader hands its transforms. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Class labels 0..classes−1, cycling, for a batch of `n`. */
export function labelData(n: number, classes: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => (i * 7) % classes);
}
