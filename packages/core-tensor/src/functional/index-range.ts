import type { Tensor } from '../tensor.js';

/**
 * The first of int32 `indices` outside [0, limit), by flat position, or null. Indices live on the
 * device, so only a backend with synchronous reads (CPU) checks them; elsewhere this is null.
 */
export function firstOutOfRange(indices: Tensor, limit: number): { index: number; value: number } | null {
  if (!indices.backend.readSync) return null;
  const values = indices.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || v >= limit) return { index: i, value: v };
  }
  return null;
}
