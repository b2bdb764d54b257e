export { lenet5, LeNet5 } from './lenet5.js';
export { resnet18, resnet34, ResNet, type ResNetOptions, type ResNetConfig } from './resnet/resnet.js';
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
