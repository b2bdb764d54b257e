import { functional as F, type Tensor } from '@stride/core-tensor';
import { Dropout, Linear, Module, Sequential } from '@stride/layers';
import { classifierOptions, type ClassifierOptions } from '../classifier-options.js';
import { checkPositiveIntegers } from '../options.js';
import { initTorchvision } from '../torchvision-init.js';
import { Conv2dNormActivation } from './conv-norm-activation.js';
import { InvertedResidual } from './inverted-residual.js';
import { makeDivisible } from './make-divisible.js';

/** One stage of inverted residuals: expansion t, output channels c, n blocks, stride s of the first. */
export type InvertedResidualStage = readonly [t: number, c: number, n: number, s: number];

/** torchvision's default `inverted_residual_setting` (Sandler et al. 2018, table 2). */
export const MOBILENET_V2_SETTING: readonly InvertedResidualStage[] = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

export interface MobileNetV2Options extends ClassifierOptions {
  /** Scales every layer's channels (default 1; the last conv keeps at least 1280). */
  widthMult?: number;
  /** Channels are rounded to multiples of this (default 8; 1 turns rounding off). */
  roundNearest?: number;
  /** The stages (default `MOBILENET_V2_SETTING`). */
  invertedResidualSetting?: readonly InvertedResidualStage[];
}

/** torchvision's `mobilenet_v2()`: 3,504,872 parameters at 1000 classes; `dropout` defaults to 0.2. */
export function mobilenetV2(opts: MobileNetV2Options = {}): MobileNetV2 {
  return new MobileNetV2(opts);
}

/**
 * torchvision's MobileNetV2: `features` is a Sequential of a 3×3 stride-2 Conv2dNormActivation
 * (32·widthMult channels), the inverted residuals of the setting, and a 1×1
 * Conv2dNormActivation to 1280 channels; then global average pooling (functional, as
 * torchvision's, so no key) and `classifier` = Sequential(Dropout, Linear). Keys as torchvision's
 * (`features.0.0.weight`, `features.1.conv.0.0.weight`, `classifier.1.bias`). Initialisation is
 * torchvision's: convs kaiming-normal (fan_out) with zero bias, BatchNorm 1 and 0, the Linear
 * N(0, 0.01) with zero bias.
 */
export class MobileNetV2 extends Module {
  readonly lastChannel: number;
  features: Sequential;
  classifier: Sequential;

  constructor(opts: MobileNetV2Options = {}) {
    super();
    const op = 'MobileNetV2';
    const { numClasses, inChannels, dropout } = classifierOptions(op, opts, 0.2);
    const { widthMult = 1, roundNearest = 8, invertedResidualSetting: setting = MOBILENET_V2_SETTING } = opts;
    if (!(widthMult > 0 && Number.isFinite(widthMult))) throw new Error(`${op}: widthMult must be a positive number but got ${widthMult}`);
    checkPositiveIntegers(op, { roundNearest });
    checkSetting(op, setting);
    let channels = makeDivisible(32 * widthMult, roundNearest);
    this.lastChannel = makeDivisible(1280 * Math.max(1, widthMult), roundNearest);
    this.features = new Sequential(new Conv2dNormActivation(inChannels, channels, { stride: 2 }));
    for (const [t, c, n, s] of setting) {
      const out = makeDivisible(c * widthMult, roundNearest);
      for (let i = 0; i < n; i++) {
        this.features.append(new InvertedResidual(channels, out, i === 0 ? s : 1, t));
        channels = out;
      }
    }
    this.features.append(new Conv2dNormActivation(channels, this.lastChannel, { kernelSize: 1 }));
    this.classifier = new Sequential(new Dropout(dropout), new Linear(this.lastChannel, numClasses));
    initTorchvision(this, { linearStd: 0.01 });
  }

  forward(x: Tensor): Tensor {
    return this.classifier.forward(F.adaptiveAvgPool2d(this.features.forward(x), [1, 1]).flatten(1));
  }
}

function checkSetting(op: string, setting: readonly InvertedResidualStage[]): void {
  if (!Array.isArray(setting) || setting.length === 0 || setting.some((stage) => !Array.isArray(stage) || stage.length !== 4)) {
    throw new Error(`${op}: invertedResidualSetting must be a non-empty list of [t, c, n, s] stages but got ${JSON.stringify(setting)}`);
  }
  for (const [t, c, n, s] of setting) {
    if (!(t > 0 && Number.isFinite(t))) throw new Error(`${op}: expansion ratio t must be a positive number but got ${t}`);
    checkPositiveIntegers(op, { c, n, s });
  }
}
