import type { Tensor } from '@stride/core-tensor';
import { Conv2d, type Identity, Module, ReLU, type Sequential, type StochasticDepth } from '@stride/layers';
import { BatchNorm2d } from '@stride/norm';
import { appliesRelu, fuseConvBnRelu } from './fuse-conv-bn-relu.js';
import { normRelu } from './norm-relu.js';

/**
 * torchvision's BasicBlock (expansion 1): conv3×3(stride)-bn-relu-conv3×3-bn, plus the shortcut,
 * then relu. `downsample` maps the input to the output's shape where they differ (a 1×1
 * projection + BatchNorm in torchvision, a parameter-free pad in the CIFAR option A); null is
 * the identity. Keys: conv1.weight, bn1.*, conv2.weight, bn2.*, downsample.* as torchvision's.
 * `stochasticDepth`, when set, drops the residual branch before the sum (no parameters, so the
 * keys stay torchvision's).
 */
export class BasicBlock extends Module {
  /** Output channels per `planes`. */
  static readonly expansion: number = 1;
  conv1: Conv2d;
  /** Identity once `fuse()` has folded it into conv1. */
  bn1: BatchNorm2d | Identity;
  relu: ReLU = new ReLU();
  /** A Sequential(BlurPool2d, conv3×3) in a strided block with anti-aliasing (see addBlurPool). */
  conv2: Conv2d | Sequential;
  /** Identity once `fuse()` has folded it into conv2. */
  bn2: BatchNorm2d | Identity;
  downsample: Module | null;
  stochasticDepth: StochasticDepth | null = null;

  constructor(inplanes: number, planes: number, stride = 1, downsample: Module | null = null) {
    super();
    this.conv1 = conv3x3(inplanes, planes, stride);
    this.bn1 = new BatchNorm2d(planes);
    this.conv2 = conv3x3(planes, planes);
    this.bn2 = new BatchNorm2d(planes);
    this.downsample = downsample;
  }

  forward(x: Tensor): Tensor {
    const c1 = this.conv1.forward(x);
    // After fuse(), conv1 applies the ReLU and bn1 is Identity.
    const a = appliesRelu(this.conv1) ? this.bn1.forward(c1) : normRelu(this.bn1, this.relu, c1);
    const branch = this.bn2.forward(this.conv2.forward(a));
    const out = this.stochasticDepth ? this.stochasticDepth.forward(branch) : branch;
    const identity = this.downsample ? this.downsample.forward(x) : x;
    return this.relu.forward(out.add(identity));
  }

  /** Folds bn1 (and the ReLU after it) into conv1 and bn2 into conv2; the shortcut fuses itself. */
  override fuse(): this {
    super.fuse();
    fuseConvBnRelu(this, 'conv1', 'bn1', true);
    fuseConvBnRelu(this, 'conv2', 'bn2', false);
    return this;
  }
}

export function conv3x3(inPlanes: number, outPlanes: number, stride = 1): Conv2d {
  return new Conv2d(inPlanes, outPlanes, 3, { stride, padding: 1, bias: false });
}

export function conv1x1(inPlanes: number, outPlanes: number, stride = 1): Conv2d {
  return new Conv2d(inPlanes, outPlanes, 1, { stride, bias: false });
}
