import { functional as F, tidy, type Tensor } from '@stride/core-tensor';

/**
 * One step of classifier training, as the LeNet run and the soak both take it: zero the
 * gradients, cross-entropy of net(x) against the labels y, backward, optimizer step. Returns
 * the loss, kept past the step's tidy; everything else the step made is freed.
 */
export function trainStep(net: { forward(x: Tensor): Tensor }, opt: { zeroGrad(): void; step(): unknown }, x: Tensor, y: Tensor): Tensor {
  return tidy(() => {
    opt.zeroGrad();
    const loss = F.crossEntropy(net.forward(x), y);
    loss.backward();
    opt.step();
    return loss;
  });
}
