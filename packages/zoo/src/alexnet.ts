import type { Tensor } from '@stride/core-tensor';
import { AdaptiveAvgPool2d, Conv2d, Dropout, Linear, MaxPool2d, Module, ReLU, Sequential } from '@stride/layers';
import { classifierOptions, type ClassifierOptions } from './classifier-options.js';

/** torchvision's `alexnet()`: 61,100,840 parameters at 1000 classes; `dropout` defaults to 0.5. */
export function alexnet(opts: ClassifierOptions = {}): AlexNet {
  return new AlexNet(opts);
}

/**
 * torchvision's AlexNet (the "one weird trick" variant, 64-192-384-256-256 channels):
 * `features` (five convs with ReLU, max-pooling 3×3 stride 2 after the first, second and fifth),
 * `avgpool` (adaptive, to 6×6), and `classifier` (Dropout-Linear(9216→4096)-ReLU-Dropout-
 * Linear(4096→4096)-ReLU-Linear(4096→numClasses)). Keys `features.0.weight` … `classifier.6.bias`
 * as torchvision's. torchvision leaves AlexNet at PyTorch's default initialisation, and so does this.
 * Inputs must be at least 63×63.
 */
export class AlexNet extends Module {
  features: Sequential;
  avgpool: AdaptiveAvgPool2d = new AdaptiveAvgPool2d([6, 6]);
  classifier: Sequential;

  constructor(opts: ClassifierOptions = {}) {
    super();
    const { numClasses, inChannels, dropout } = classifierOptions('AlexNet', opts, 0.5);
    this.features = new Sequential(
      new Conv2d(inChannels, 64, 11, { stride: 4, padding: 2 }),
      new ReLU(),
      new MaxPool2d(3, { stride: 2 }),
      new Conv2d(64, 192, 5, { padding: 2 }),
      new ReLU(),
      new MaxPool2d(3, { stride: 2 }),
      new Conv2d(192, 384, 3, { padding: 1 }),
      new ReLU(),
      new Conv2d(384, 256, 3, { padding: 1 }),
      new ReLU(),
      new Conv2d(256, 256, 3, { padding: 1 }),
      new ReLU(),
      new MaxPool2d(3, { stride: 2 }),
    );
    this.classifier = new Sequential(
      new Dropout(dropout),
      new Linear(256 * 6 * 6, 4096),
      new ReLU(),
      new Dropout(dropout),
      new Linear(4096, 4096),
      new ReLU(),
      new Linear(4096, numClasses),
    );
  }

  forward(x: Tensor): Tensor {
    return this.classifier.forward(this.avgpool.forward(this.features.forward(x)).flatten(1));
  }
}
