import type { Tensor } from '../tensor.js';
import { formatShape } from '../shape.js';
import { assertDtype } from './checks.js';

/** Indices are int32 tensors (Stride has no int64); torch's error names the dtype it wanted. */
export function assertIndexDtype(op: string, index: Tensor, arg = 'index'): void {
  assertDtype(op, arg, index, ['int32'], `create it with { dtype: 'int32' }`);
}

/**
 * Every index must lie in [0, size). Indices live on the device, so only a backend that reads
 * synchronously (the CPU) checks them at the op's entry; elsewhere the kernels read 0 for, or
 * skip, an index out of range and never touch memory outside the tensor.
 */
export function checkIndexRange(op: string, index: Tensor, size: number, dim: number, arg = 'index'): void {
  if (!index.backend.readSync || index.numel() === 0) return;
  const values = index.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || v >= size) {
      throw new Error(
        `${op}: ${arg}${position(i, index.shape)} is ${v} but dimension ${dim} of input has size ${size} (expected 0 ≤ ${arg} < ${size})`,
      );
    }
  }
}

/** `[i, j, …]` of the flat position `flat` in `shape` (empty for a 0-d tensor). */
function position(flat: number, shape: readonly number[]): string {
  if (shape.length === 0) return '';
  const at = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    at[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return formatShape(at);
}

/** index must have `x`'s rank and be no larger than `x` in every dimension but `dim` (torch's rule). */
export function assertFitsOffAxis(op: string, index: Tensor, x: Tensor, dim: number, xArg = 'input', indexArg = 'index'): void {
  if (index.ndim !== x.ndim) {
    throw new Error(
      `${op}: ${indexArg} has shape ${formatShape(index.shape)} (rank ${index.ndim}) but ${xArg} has ${formatShape(x.shape)} (expected rank ${x.ndim})`,
    );
  }
  const d = index.shape.findIndex((n, i) => i !== dim && n > x.shape[i]!);
  if (d >= 0) {
    throw new Error(
      `${op}: ${indexArg} has shape ${formatShape(index.shape)} but ${xArg} has ${formatShape(x.shape)}: dimension ${d} is ` +
        `${index.shape[d]} in ${indexArg} (expected at most ${x.shape[d]} in every dimension but dim ${dim})`,
    );
  }
}
