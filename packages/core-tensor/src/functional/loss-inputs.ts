import type { Tensor } from '../tensor.js';
import { broadcastShapes } from '../shape.js';
import { assertSameBackend } from '../ops/checks.js';

/** An elementwise loss's two inputs: one backend, floating point, shapes that broadcast (torch broadcasts them). */
export function checkPairedInputs(op: string, input: Tensor, target: Tensor): void {
  assertSameBackend(op, [
    ['input', input],
    ['target', target],
  ]);
  if (input.dtype === 'int32' || target.dtype === 'int32') {
    throw new Error(`${op}: input and target must be floating point but got ${input.dtype} input and ${target.dtype} target`);
  }
  broadcastShapes(op, input.shape, target.shape, ['input', 'target']);
}
