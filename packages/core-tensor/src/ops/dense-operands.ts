import type { Dense } from '../backend/backend.js';
import type { Tensor } from '../tensor.js';
import { contiguous } from './shape-ops.js';

/** A tensor a kernel reads as a dense buffer, with the op and argument its errors name. */
export type Operand = readonly [tensor: Tensor, op: string, arg: string];

type DenseOf<T extends readonly (Operand | null)[]> = { [K in keyof T]: T[K] extends Operand ? Dense : Dense | null };

/**
 * Runs `kernel` on the dense buffers of `operands` (null stays null): a tensor that is a
 * strided view is first copied contiguous, and the copy is freed once the kernel returns.
 */
export function withDense<const T extends readonly (Operand | null)[], R>(operands: T, kernel: (dense: DenseOf<T>) => R): R {
  const copies = operands.map((o) => (o ? contiguous(o[0]) : null));
  try {
    const dense = operands.map((o, i) => (o ? { id: copies[i]!.storage(o[1], o[2]).id, shape: o[0].shape, dtype: o[0].dtype } : null));
    return kernel(dense as DenseOf<T>);
  } finally {
    copies.forEach((t, i) => {
      if (t && t !== operands[i]![0]) t.dispose();
    });
  }
}
