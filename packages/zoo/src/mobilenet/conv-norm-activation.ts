import { Conv2d, ReLU6, Sequential } from '@stride/layers';
import { BatchNorm2d } from '@stride/norm';

export interface ConvNormActivationOptions {
  kernelSize?: number;
  stride?: number;
  groups?: number;
}

/**
 * torchvision's `Conv2dNormActivation` as MobileNetV2 uses it: a Sequential of Conv2d (no bias,
 * padding (kernelSize − 1)/2 so stride 1 keeps the size), BatchNorm2d and ReLU6, hence the keys
 * `0.weight`, `1.weight`, `1.bias`, `1.running_mean`, …. `groups` equal to the channels makes
 * the conv depthwise.
 */
export class Conv2dNormActivation extends Sequential {
  readonly outChannels: number;

  constructor(inChannels: number, outChannels: number, opts: ConvNormActivationOptions = {}) {
    const { kernelSize = 3, stride = 1, groups = 1 } = opts;
    super(
      new Conv2d(inChannels, outChannels, kernelSize, { stride, padding: Math.floor((kernelSize - 1) / 2), groups, bias: false }),
      new BatchNorm2d(outChannels),
      new ReLU6(),
    );
    this.outChannels = outChannels;
  }
}
