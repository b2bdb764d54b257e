import type { Tensor } from '@stride/core-tensor';
import { AdaptiveAvgPool2d, Dropout, Linear, Module, ReLU, Sequential } from '@stride/layers';
import { classifierOptions, type ClassifierOptions } from '../classifier-options.js';
import { initTorchvision } from '../torchvision-init.js';
import { VGG_CONFIGS, vggFeatures, type VggLayer } from './features.js';

export interface VggOptions extends ClassifierOptions {
  /**
   * Run torchvision's `init_weights` loop (default true). False leaves every layer at PyTorch's
   * default, as torchvision does before loading pretrained weights (and it builds faster).
   */
  initWeights?: boolean;
}

/** torchvision's `vgg11()`: configuration A, 132,863,336 parameters at 1000 classes. */
export function vgg11(opts: VggOptions = {}): VGG {
  return buildVgg(VGG_CONFIGS.A, false, opts);
}

/** torchvision's `vgg11_bn()`: configuration A with BatchNorm, 132,868,840 parameters at 1000 classes. */
export function vgg11Bn(opts: VggOptions = {}): VGG {
  return buildVgg(VGG_CONFIGS.A, true, opts);
}

/** torchvision's `vgg16()`: configuration D, 138,357,544 parameters at 1000 classes. */
export function vgg16(opts: VggOptions = {}): VGG {
  return buildVgg(VGG_CONFIGS.D, false, opts);
}

/** torchvision's `vgg16_bn()`: configuration D with BatchNorm, 138,365,992 parameters at 1000 classes. */
export function vgg16Bn(opts: VggOptions = {}): VGG {
  return buildVgg(VGG_CONFIGS.D, true, opts);
}

/**
 * torchvision's VGG: `features` (see `vggFeatures`, ending in 512 channels), `avgpool`
 * (adaptive, to 7×7), and `classifier` (Linear(25088→4096)-ReLU-Dropout-Linear(4096→4096)-ReLU-
 * Dropout-Linear(4096→numClasses), `dropout` defaulting to 0.5). Keys as torchvision's
 * (`features.0.weight`, `classifier.6.bias`). Initialisation is torchvision's `init_weights`:
 * convs kaiming-normal (fan_out, relu) with zero bias, BatchNorm 1 and 0, Linears N(0, 0.01)
 * with zero bias (unless `initWeights` is false). `inChannels` is read by the builders, which
 * make `features`.
 */
export class VGG extends Module {
  features: Sequential;
  avgpool: AdaptiveAvgPool2d = new AdaptiveAvgPool2d([7, 7]);
  classifier: Sequential;

  constructor(features: Sequential, opts: VggOptions = {}) {
    super();
    const { numClasses, dropout } = classifierOptions('VGG', opts, 0.5);
    this.features = features;
    this.classifier = new Sequential(
      new Linear(512 * 7 * 7, 4096),
      new ReLU(),
      new Dropout(dropout),
      new Linear(4096, 4096),
      new ReLU(),
      new Dropout(dropout),
      new Linear(4096, numClasses),
    );
    if (opts.initWeights ?? true) initTorchvision(this, { linearStd: 0.01 });
  }

  forward(x: Tensor): Tensor {
    return this.classifier.forward(this.avgpool.forward(this.features.forward(x)).flatten(1));
  }
}

/** Checks the options before any layer is made, so a bad `inChannels` is named as the builder's. */
function buildVgg(config: readonly VggLayer[], batchNorm: boolean, opts: VggOptions): VGG {
  const { inChannels } = classifierOptions('VGG', opts, 0.5);
  return new VGG(vggFeatures(config, { batchNorm, inChannels }), opts);
}
