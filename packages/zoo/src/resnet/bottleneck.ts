import type { Tensor } from '@stride/core-tensor';
import { type Conv2d, type Identity, Module, ReLU } from '@stride/layers';
import { BatchNorm2d } from '@stride/norm';
import { conv1x1, conv3x3 } from './basic-block.js';
import { appliesRelu, fuseConvBnRelu } from './fuse-conv-bn-relu.js';
import { normRelu } from './norm-relu.js';

/**
 * torchvision's Bottleneck (expansion 4, "ResNet v1.5": the stride sits on the 3×3 conv, not on
 * the first 1×1 as in He et al.): conv1×1(→planes)-bn-relu-conv3×3(stride)-bn-relu-
 * conv1×1(→4·planes)-bn, plus the shortcut, then relu. Keys conv1..3.weight, bn1..3.*,
 * downsample.* as torchvision's.
 */
export class Bottleneck extends Module {
  /** Output channels per `planes`. */
  static readonly expansion: number = 4;
  conv1: Conv2d;
  /** bn1, bn2 and bn3 are Identity once `fuse()` has folded them into their convolutions. */
  bn1: BatchNorm2d | Identity;
  conv2: Conv2d;
  bn2: BatchNorm2d | Identity;
  conv3: Conv2d;
  bn3: BatchNorm2d | Identity;
  relu: ReLU = new ReLU();
  downsample: Module | null;

  constructor(inplanes: number, planes: number, stride = 1, downsample: Module | null = null) {
    super();
    const out = planes * Bottleneck.expansion;
    this.conv1 = conv1x1(inplanes, planes);
    this.bn1 = new BatchNorm2d(planes);
    this.conv2 = conv3x3(planes, planes, stride);
    this.bn2 = new BatchNorm2d(planes);
    this.conv3 = conv1x1(planes, out);
    this.bn3 = new BatchNorm2d(out);
    this.downsample = downsample;
  }

  forward(x: Tensor): Tensor {
    // After fuse(), each conv applies its ReLU and its batch norm is Identity.
    const normThenRelu = (conv: Conv2d, norm: Module, y: Tensor) => (appliesRelu(conv) ? norm.forward(y) : normRelu(norm, this.relu, y));
    const a = normThenRelu(this.conv1, this.bn1, this.conv1.forward(x));
    const b = normThenRelu(this.conv2, this.bn2, this.conv2.forward(a));
    const out = this.bn3.forward(this.conv3.forward(b));
    const identity = this.downsample ? this.downsample.forward(x) : x;
    return this.relu.forward(out.add(identity));
  }

  /** Folds each batch norm into its convolution, with the ReLU after the first two; the shortcut fuses itself. */
  override fuse(): this {
    super.fuse();
    fuseConvBnRelu(this, 'conv1', 'bn1', true);
    fuseConvBnRelu(this, 'conv2', 'bn2', true);
    fuseConvBnRelu(this, 'conv3', 'bn3', false);
    return this;
  }
}
