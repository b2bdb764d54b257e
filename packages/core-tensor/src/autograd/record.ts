import type { Tensor } from '../tensor.js';
import { isGradEnabled } from './grad-mode.js';

/**
 * Attaches a gradient rule to `output` when grad mode is on and an input requires grad.
 * `gradFn` returns one gradient per input (null where none flows); it closes over whatever the
 * rule needs, so tensors are saved only while recording.
 */
export function record(op: string, inputs: readonly Tensor[], output: Tensor, gradFn: (dy: Tensor) => readonly (Tensor | null)[]): Tensor {
  if (isGradEnabled() && inputs.some((t) => t.requiresGrad)) {
    output.requiresGrad = true;
    output.node = { op, inputs, gradFn };
  }
  return output;
}
