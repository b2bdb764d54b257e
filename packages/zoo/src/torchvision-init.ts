import { Conv2d, init, Linear, type Module } from '@stride/layers';

export interface TorchvisionInitOptions {
  /**
   * Standard deviation of the Linear weights, drawn from N(0, std²) with biases zeroed (VGG and
   * MobileNetV2 use 0.01); without it the Linears keep PyTorch's default, as torchvision's ResNet.
   */
  linearStd?: number;
}

/**
 * The weight-initialisation loop torchvision's classifiers end their constructors with, over the
 * modules in order: every Conv2d weight from kaiming_normal_(mode='fan_out', nonlinearity='relu'),
 * N(0, 2/fanOut), its bias zeroed; Linears as `linearStd` says. BatchNorm weight 1 and bias 0
 * are BatchNorm2d's own defaults. (MobileNetV2 asks for kaiming_normal_'s default nonlinearity,
 * leaky_relu with slope 0, whose gain is relu's √2.) Draws come from core's generator, so
 * `manualSeed` makes a model reproducible.
 */
export function initTorchvision(model: Module, opts: TorchvisionInitOptions = {}): void {
  for (const m of model.modules()) {
    if (m instanceof Conv2d) {
      init.kaimingNormal(m.weight, { mode: 'fan_out', nonlinearity: 'relu' });
      if (m.bias) init.zeros(m.bias);
    } else if (m instanceof Linear && opts.linearStd !== undefined) {
      init.normal(m.weight, 0, opts.linearStd);
      if (m.bias) init.zeros(m.bias);
    }
  }
}
