import type { Tensor } from '@stride/core-tensor';
import { Conv2d, GlobalAvgPool2d, type Identity, Linear, MaxPool2d, Module, ReLU, type Sequential } from '@stride/layers';
import { BatchNorm2d } from '@stride/norm';
import { appliesRelu, fuseConvBnRelu } from './fuse-conv-bn-relu.js';
import { normRelu } from './norm-relu.js';
import { BasicBlock } from './basic-block.js';
import { Bottleneck } from './bottleneck.js';
import { initResNet, zeroInitResiduals } from './init.js';
import { makeLayer, type ResidualBlockClass } from './make-layer.js';
import { checkPositiveIntegers } from '../options.js';

export interface ResNetOptions {
  /** Outputs of the final Linear (default 1000, ImageNet's classes). */
  numClasses?: number;
  /** Channels of the input image (default 3). */
  inChannels?: number;
  /** Start each residual branch's last BatchNorm at weight 0, so every block starts as the identity (default false). */
  zeroInitResidual?: boolean;
}

export interface ResNetConfig extends ResNetOptions {
  /** Channels of the stem and layer1; layer2..4 double it each (default 64, torchvision's). */
  baseWidth?: number;
  /** The residual block (default BasicBlock; Bottleneck for resnet50 and deeper). */
  block?: ResidualBlockClass;
}

/** torchvision's `resnet18()`: BasicBlocks [2, 2, 2, 2], 11,689,512 parameters at 1000 classes. */
export function resnet18(opts: ResNetOptions = {}): ResNet {
  return new ResNet([2, 2, 2, 2], opts);
}

/** torchvision's `resnet34()`: BasicBlocks [3, 4, 6, 3], 21,797,672 parameters at 1000 classes. */
export function resnet34(opts: ResNetOptions = {}): ResNet {
  return new ResNet([3, 4, 6, 3], opts);
}

/** torchvision's `resnet50()`: Bottlenecks [3, 4, 6, 3], 25,557,032 parameters at 1000 classes. */
export function resnet50(opts: ResNetOptions = {}): ResNet {
  return new ResNet([3, 4, 6, 3], { ...opts, block: Bottleneck });
}

/**
 * torchvision's ResNet, with BasicBlocks (resnet18/34) or Bottlenecks (resnet50): conv1 7×7 stride 2 padding 3 (no bias), bn1, relu,
 * maxpool 3×3 stride 2 padding 1, layer1..4 (layer2..4 halve the resolution in their first
 * block, and any block whose channels change gets a `downsample`, Sequential(conv1×1 of the
 * block's stride, BatchNorm2d)), global average pooling, fc. State-dict keys are torchvision's (`layer1.0.conv1.weight`,
 * `layer2.0.downsample.1.running_mean`, `fc.bias`, …), so its checkpoints load by name.
 * Initialisation is torchvision's: convs kaiming-normal (fan_out, relu), BatchNorm weight 1 and
 * bias 0, fc PyTorch's Linear default (`zeroInitResidual` as torchvision's).
 */
export class ResNet extends Module {
  conv1: Conv2d;
  /** Identity once `fuse()` has folded it into conv1. */
  bn1: BatchNorm2d | Identity;
  relu: ReLU = new ReLU();
  maxpool: MaxPool2d = new MaxPool2d(3, { stride: 2, padding: 1 });
  layer1: Sequential;
  layer2: Sequential;
  layer3: Sequential;
  layer4: Sequential;
  avgpool: GlobalAvgPool2d = new GlobalAvgPool2d();
  fc: Linear;

  constructor(layers: readonly [number, number, number, number], opts: ResNetConfig = {}) {
    super();
    const { numClasses = 1000, inChannels = 3, baseWidth = 64, block = BasicBlock, zeroInitResidual = false } = opts;
    checkPositiveIntegers('ResNet', { numClasses, inChannels, baseWidth });
    const [w, e] = [baseWidth, block.expansion];
    this.conv1 = new Conv2d(inChannels, w, 7, { stride: 2, padding: 3, bias: false });
    this.bn1 = new BatchNorm2d(w);
    this.layer1 = makeLayer(w, w, layers[0], 1, undefined, block);
    this.layer2 = makeLayer(w * e, 2 * w, layers[1], 2, undefined, block);
    this.layer3 = makeLayer(2 * w * e, 4 * w, layers[2], 2, undefined, block);
    this.layer4 = makeLayer(4 * w * e, 8 * w, layers[3], 2, undefined, block);
    this.fc = new Linear(8 * w * e, numClasses);
    initResNet(this);
    if (zeroInitResidual) zeroInitResiduals(this);
  }

  forward(x: Tensor): Tensor {
    const conv = this.conv1.forward(x);
    const stem = this.maxpool.forward(appliesRelu(this.conv1) ? this.bn1.forward(conv) : normRelu(this.bn1, this.relu, conv));
    const features = this.layer4.forward(this.layer3.forward(this.layer2.forward(this.layer1.forward(stem))));
    return this.fc.forward(this.avgpool.forward(features));
  }

  /** Folds the stem's batch norm and ReLU into conv1; the stages fuse their blocks. */
  override fuse(): this {
    super.fuse();
    fuseConvBnRelu(this, 'conv1', 'bn1', true);
    return this;
  }
}
