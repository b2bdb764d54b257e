import { functional as F, noGrad, tidy, type Tensor } from '@stride/core-tensor';
import type { Module } from '@stride/layers';

/** What a training step needs of an optimizer. */
export interface Steppable {
  zeroGrad(): void;
  step(): void;
}

/**
 * The canonical training step on one batch, shared by the MNIST and Fashion-MNIST epochs:
 * zeroGrad, forward, cross-entropy, backward, step, then `afterStep` (a per-step schedule)
 * inside the same tidy. Returns the loss and how many predictions equal `classOf(y)` (y's class
 * indices), which the caller disposes.
 */
export function trainingStep(
  model: Module,
  opt: Steppable,
  x: Tensor,
  y: Tensor,
  classOf: (y: Tensor) => Tensor = (labels) => labels,
  afterStep?: () => void,
): [Tensor, Tensor] {
  return tidy(() => {
    opt.zeroGrad();
    const logits = model.forward(x);
    const loss = F.crossEntropy(logits, y);
    loss.backward();
    opt.step();
    afterStep?.();
    return [loss, noGrad(() => logits.argmax(1).eq(classOf(y)).sum())];
  });
}
