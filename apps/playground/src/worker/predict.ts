import { noGrad, type Tensor, tensor, tidy } from '@stride/core-tensor';
import type { LeNet5 } from '@stride/zoo';
import { normalized } from './trainer.ts';

/** The class probabilities for one 28×28 image with pixels in [0, 1] (ink bright, as MNIST). */
export async function predictDigit(model: LeNet5, pixels: Float32Array): Promise<Float32Array> {
  if (pixels.length !== 28 * 28) throw new Error(`predict: expected 784 pixels (28×28), got ${pixels.length}`);
  const x = tensor(pixels, [1, 1, 28, 28]);
  // LeNet-5 has no dropout or batch norm, so train and eval mode compute the same forward.
  const probabilities: Tensor = tidy(() => noGrad(() => model.forward(normalized(x)).softmax(1)));
  try {
    return Float32Array.from(await probabilities.data());
  } finally {
    x.dispose();
    probabilities.dispose();
  }
}
