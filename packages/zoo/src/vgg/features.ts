import { Conv2d, MaxPool2d, ReLU, Sequential, type Module } from '@stride/layers';
import { BatchNorm2d } from '@stride/norm';

/** One entry of a VGG configuration: a 3×3 conv's output channels, or 'M' for a 2×2 max-pool. */
export type VggLayer = number | 'M';

/** torchvision's `cfgs`: configurations A (VGG-11), B (VGG-13), D (VGG-16) and E (VGG-19) of Simonyan & Zisserman. */
export const VGG_CONFIGS: Readonly<Record<'A' | 'B' | 'D' | 'E', readonly VggLayer[]>> = {
  A: [64, 'M', 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M'],
  B: [64, 64, 'M', 128, 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M'],
  D: [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M'],
  E: [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 256, 'M', 512, 512, 512, 512, 'M', 512, 512, 512, 512, 'M'],
};

/**
 * torchvision's `make_layers`: each number a 3×3 conv (padding 1, with bias) then ReLU, or
 * conv-BatchNorm-ReLU with `batchNorm`; each 'M' a 2×2 max-pool of stride 2. The Sequential's
 * indices count every layer, so keys read `features.0.weight`, `features.1.running_mean`, ….
 */
export function vggFeatures(config: readonly VggLayer[], opts: { batchNorm?: boolean; inChannels?: number } = {}): Sequential {
  const layers: Module[] = [];
  let channels = opts.inChannels ?? 3;
  for (const v of config) {
    if (v === 'M') {
      layers.push(new MaxPool2d(2, { stride: 2 }));
      continue;
    }
    layers.push(new Conv2d(channels, v, 3, { padding: 1 }));
    if (opts.batchNorm) layers.push(new BatchNorm2d(v));
    layers.push(new ReLU());
    channels = v;
  }
  return new Sequential(...layers);
}
