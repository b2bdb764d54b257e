import { noGrad, tidy } from '@stride/core-tensor';
import { Conv1d, Conv2d, Conv3d, type ConvNd } from '@stride/layers';
import type { BatchNormBase } from './modules/batch-norm.js';

/**
 * Folds an eval-mode BatchNorm into the convolution before it, as torch.nn.utils.fuse_conv_bn_eval:
 * returns a new eval-mode convolution of the same kind and geometry whose output equals
 * bn(conv(x)) in eval mode, with
 *   w' = w·γ/√(var + eps)   (per output channel)
 *   b' = (b − mean)·γ/√(var + eps) + β
 * (γ = 1, β = 0 without affine; b = 0 when the convolution has no bias). Neither input is changed.
 */
export function fuseConvBn<C extends ConvNd>(conv: C, bn: BatchNormBase): C {
  const { runningMean, runningVar } = bn;
  if (bn.training) {
    throw new Error('fuseConvBn: bn is in training mode but fusion folds the running statistics eval mode uses; call bn.eval() first');
  }
  if (!runningMean || !runningVar) {
    throw new Error(
      'fuseConvBn: bn has no running statistics (trackRunningStats false) so eval normalises with batch statistics, which cannot be folded',
    );
  }
  if (bn.numFeatures !== conv.outChannels) {
    throw new Error(`fuseConvBn: bn has ${bn.numFeatures} features but conv has ${conv.outChannels} output channels (expected equal)`);
  }
  const weight = conv.weight;
  const fused = makeLike(conv);
  noGrad(() =>
    tidy(() => {
      const invStd = runningVar.add(bn.eps).rsqrt();
      const scale = bn.weight ? invStd.mul(bn.weight) : invStd;
      const centeredBias = conv.bias ? conv.bias.sub(runningMean) : runningMean.neg();
      const shifted = centeredBias.mul(scale);
      fused.weight.assign(weight.mul(scale.reshape([scale.shape[0]!, ...weight.shape.slice(1).map(() => 1)])));
      fused.bias!.assign(bn.bias ? shifted.add(bn.bias) : shifted);
    }),
  );
  return fused.eval();
}

/** A convolution of `conv`'s kind and geometry with a bias, on its backend; its values are overwritten. */
function makeLike<C extends ConvNd>(conv: C): C {
  const Kind = conv instanceof Conv1d ? Conv1d : conv instanceof Conv3d ? Conv3d : Conv2d;
  const { inChannels, outChannels, kernelSize, stride, padding, dilation, groups } = conv;
  return new Kind(inChannels, outChannels, kernelSize, {
    stride,
    padding,
    dilation,
    groups,
    bias: true,
    backend: conv.weight.backend,
  }) as unknown as C;
}
