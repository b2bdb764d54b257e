export { lenet5, LeNet5 } from './lenet5.js';
export { resnet18, resnet34, resnet50, ResNet, type ResNetOptions, type ResNetConfig } from './resnet/resnet.js';
export {
  resnet20,
  resnet32,
  resnet56,
  CifarResNet,
  type CifarResNetOptions,
  type CifarResNetConfig,
  type Shortcut,
} from './resnet/cifar-resnet.js';
export { BasicBlock, conv3x3, conv1x1 } from './resnet/basic-block.js';
export { PadShortcut } from './resnet/pad-shortcut.js';
export { makeLayer, projection, type ShortcutFactory } from './resnet/make-layer.js';
export { initResNet } from './resnet/init.js';
export { Bottleneck } from './resnet/bottleneck.js';
export type { ResidualBlockClass } from './resnet/make-layer.js';
export { zeroInitResiduals } from './resnet/init.js';
export { addStochasticDepth, linearDropRates } from './resnet/stochastic-depth.js';
export { addBlurPool } from './resnet/blur-pool.js';
export { alexnet, AlexNet } from './alexnet.js';
export { vgg11, vgg11Bn, vgg16, vgg16Bn, VGG, type VggOptions } from './vgg/vgg.js';
export { vggFeatures, VGG_CONFIGS, type VggLayer } from './vgg/features.js';
export {
  mobilenetV2,
  MobileNetV2,
  MOBILENET_V2_SETTING,
  type MobileNetV2Options,
  type InvertedResidualStage,
} from './mobilenet/mobilenet-v2.js';
export { InvertedResidual } from './mobilenet/inverted-residual.js';
export { Conv2dNormActivation, type ConvNormActivationOptions } from './mobilenet/conv-norm-activation.js';
export { makeDivisible } from './mobilenet/make-divisible.js';
export type { ClassifierOptions } from './classifier-options.js';
export { initTorchvision, type TorchvisionInitOptions } from './torchvision-init.js';
