export { Module, type RegisterOptions, type BufferOptions } from './module/module.js';
export { parameter, isParameter } from './module/parameter.js';
export * as init from './init/index.js';
export { kaimingUniformBound, uniformParameter, initWeightAndBias, type InitOptions } from './module/init.js';
export { summaryTable, formatSummary, type SummaryRow, type SummaryTable } from './module/summary.js';
export type { ReceptiveWindow } from './module/receptive-field.js';
export type { ForwardHook, ForwardPreHook, ForwardInput, RemovableHandle } from './module/hooks.js';
export type { LoadStateDictResult } from './module/load-state-dict.js';
export { snakeCase } from './module/state-key.js';
export { Sequential } from './layers/sequential.js';
export { ModuleList } from './layers/module-list.js';
export { ModuleDict } from './layers/module-dict.js';
export { Identity } from './layers/identity.js';
export { Ensemble } from './layers/ensemble.js';
export { Linear, type LinearOptions } from './layers/linear.js';
export { ConvNd, Conv1d, Conv2d, Conv3d, type ConvLayerOptions, type ConvPaddingMode } from './layers/conv.js';
export { foldsIntoConv, type FoldsIntoConv } from './layers/fold-into-conv.js';
export { ConvTranspose2d, type ConvTranspose2dOptions } from './layers/conv-transpose.js';
export {
  MaxPool2d,
  AvgPool2d,
  AdaptiveAvgPool2d,
  GlobalAvgPool2d,
  type MaxPool2dOptions,
  type AvgPool2dOptions,
} from './layers/pooling.js';
export { ReLU, LeakyReLU, Sigmoid, Tanh, GELU, Softmax } from './layers/activations.js';
export { Flatten } from './layers/flatten.js';
export { Dropout } from './layers/dropout.js';
export { ELU, SELU, SiLU, Mish, Softplus, ReLU6, Hardswish, Hardsigmoid } from './layers/activations.js';
export { PReLU } from './layers/prelu.js';
export { Dropout2d } from './layers/dropout.js';
export { StochasticDepth } from './layers/stochastic-depth.js';
export { DropConnect, type WeightedModule } from './layers/drop-connect.js';
export {
  CrossEntropyLoss,
  NLLLoss,
  BCELoss,
  BCEWithLogitsLoss,
  MultiMarginLoss,
  MSELoss,
  L1Loss,
  SmoothL1Loss,
  HuberLoss,
  KLDivLoss,
} from './layers/losses.js';
export { ZeroPad2d, ConstantPad2d, ReflectionPad2d, ReplicationPad2d } from './layers/padding.js';
export { Upsample, type UpsampleOptions } from './layers/upsample.js';
export { MaxPool1d, MaxPool3d, AvgPool1d, AvgPool3d, type MaxPoolNdOptions, type AvgPoolNdOptions } from './layers/pooling-nd.js';
export {
  AdaptiveMaxPool2d,
  MaxUnpool2d,
  FractionalMaxPool2d,
  type MaxUnpool2dOptions,
  type FractionalMaxPool2dOptions,
} from './layers/pooling-placed.js';
export { BlurPool2d, MaxBlurPool2d, type BlurPool2dOptions, type MaxBlurPool2dOptions } from './layers/blur-pool.js';
