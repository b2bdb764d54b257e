// The functional ops, imported as `import { functional as F } from '@stride/core-tensor'`.
export { conv1d, conv2d, conv3d, type ConvOptions } from './conv.js';
export { convTranspose2d, type ConvTransposeOptions } from './conv-transpose.js';
export { linear } from './linear.js';
export { batchNormTraining, type BatchNormTrainingOptions, type BatchNormStatistics } from './batch-norm.js';
export { maxPool2d, avgPool2d, adaptiveAvgPool2d, type PoolOptions, type AvgPool2dOptions } from './pool.js';
export { relu, leakyRelu, sigmoid, tanh, gelu, elu, silu, softplus, relu6, softmax, logSoftmax } from './activations.js';
export { dropout, type DropoutOptions } from './dropout.js';
export { crossEntropy, nllLoss, mseLoss, l1Loss, type CrossEntropyOptions, type NllLossOptions, type Reduction } from './losses.js';
export { pad } from '../ops/shape-ops.js';
