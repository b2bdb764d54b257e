// The functional ops, imported as `import { functional as F } from '@stride/core-tensor'`.
export { conv1d, conv2d, conv3d, type ConvOptions } from './conv.js';
export { convTranspose2d, type ConvTransposeOptions } from './conv-transpose.js';
export { linear } from './linear.js';
export { batchNormTraining, type BatchNormTrainingOptions, type BatchNormStatistics } from './batch-norm.js';
export { channelAffine, type ChannelAffineOptions } from './channel-affine.js';
export { avgPool2d, adaptiveAvgPool2d, type PoolOptions, type AvgPool2dOptions } from './pool.js';
export { relu, leakyRelu, sigmoid, tanh, gelu, elu, silu, softplus, relu6, softmax, logSoftmax } from './activations.js';
export { dropout, type DropoutOptions } from './dropout.js';
export { crossEntropy, nllLoss, mseLoss, l1Loss, type CrossEntropyOptions, type NllLossOptions, type Reduction } from './losses.js';
export { selu, mish } from './activations-smooth.js';
export { hardswish, hardsigmoid } from './activations-hard.js';
export { prelu } from './prelu.js';
export { oneHot } from './one-hot.js';
export {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  type BinaryCrossEntropyOptions,
  type BinaryCrossEntropyWithLogitsOptions,
} from './binary-cross-entropy.js';
export { smoothL1Loss, huberLoss } from './robust-regression-losses.js';
export { klDiv, type KlDivOptions, type KlDivReduction } from './kl-div.js';
export { multiMarginLoss, type MultiMarginLossOptions } from './multi-margin-loss.js';
export { dropout2d } from './dropout2d.js';
export { stochasticDepth, type StochasticDepthOptions } from './stochastic-depth.js';
export { pad, type PadOptions, type PaddingMode } from './pad.js';
export { maxPool2d, maxPool1d, maxPool3d, type MaxPoolOptions } from './max-pool.js';
export type { WithIndices } from './with-indices.js';
export { avgPool1d, avgPool3d, adaptiveAvgPool1d, type AvgPool1dOptions } from './pool.js';
export { adaptiveMaxPool2d, type AdaptiveMaxPoolOptions, type AdaptiveSize } from './adaptive-max-pool.js';
export { fractionalMaxPool2d, type FractionalMaxPoolOptions } from './fractional-max-pool.js';
export { maxUnpool2d, type MaxUnpool2dOptions } from './max-unpool.js';
export { interpolate, type InterpolateOptions } from './interpolate.js';
export { blurPool2d, type BlurPool2dOptions, type BlurPadMode } from './blur-pool.js';
