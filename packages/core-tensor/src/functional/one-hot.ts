import type { Tensor } from '../tensor.js';
import { assertSameBackend } from '../ops/checks.js';
import { compare } from '../ops/elementwise.js';
import { arange } from '../ops/creation.js';
import { unsqueeze } from '../ops/shape-ops.js';
import { firstOutOfRange } from './index-range.js';
import { checkAllocatable } from '../shape-checks.js';

/**
 * int32 class indices [...] → int32 [..., numClasses] with a 1 at each index, as
 * torch.nn.functional.one_hot. numClasses −1 infers max + 1, which reads the indices, so it needs
 * a backend with synchronous reads.
 */
export function oneHot(indices: Tensor, numClasses = -1): Tensor {
  const op = 'oneHot';
  assertSameBackend(op, [['input', indices]]);
  if (indices.dtype !== 'int32') throw new Error(`${op}: indices must be int32 class indices but got dtype ${indices.dtype}`);
  if (!Number.isInteger(numClasses) || numClasses < -1) {
    throw new Error(`${op}: numClasses must be a non-negative integer, or -1 to infer it, but got ${numClasses}`);
  }
  const classes = numClasses === -1 ? inferClasses(op, indices) : numClasses;
  checkAllocatable(op, [...indices.shape, classes], 'int32', indices.backend);
  const negative = firstOutOfRange(indices, Number.POSITIVE_INFINITY);
  if (negative) throw new Error(`${op}: indices[${negative.index}] is ${negative.value} but class indices must be non-negative`);
  const tooBig = firstOutOfRange(indices, classes);
  if (tooBig) {
    throw new Error(`${op}: indices[${tooBig.index}] is ${tooBig.value} but numClasses is ${classes} (expected 0 ≤ index < ${classes})`);
  }
  return classMask(indices, classes);
}

/** oneHot without its checks, for ops that checked their indices already. */
export function classMask(indices: Tensor, classes: number): Tensor {
  const range = arange(classes, { dtype: 'int32', backend: indices.backend });
  const column = unsqueeze(indices, -1);
  const hot = compare('eq', column, range);
  column.dispose();
  range.dispose();
  return hot;
}

function inferClasses(op: string, indices: Tensor): number {
  if (!indices.backend.readSync) {
    throw new Error(
      `${op}: numClasses -1 infers the class count by reading the indices, which backend '${indices.backend.name}' cannot do synchronously; pass numClasses`,
    );
  }
  if (indices.numel() === 0) throw new Error(`${op}: cannot infer numClasses from an empty tensor; pass numClasses`);
  let max = Number.NEGATIVE_INFINITY;
  for (const v of indices.dataSync()) max = Math.max(max, v);
  return max + 1;
}
