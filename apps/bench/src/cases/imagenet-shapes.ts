// The zoo's torchvision models at ImageNet size: their layers, and the multiply-adds each does.
import { MOBILENET_V2_SETTING } from '@stride/zoo';
import type { Macs } from './shapes.js';

/** The inference rows: 8 images of 3×224² (torchvision's ImageNet crop). */
export const IMAGENET_BATCH = 8;
export const IMAGENET_SIZE = 224;

/** One BasicBlock of resnet18: two 3×3 convs, the first with the block's stride. */
export interface BasicBlockSpec {
  cIn: number;
  cOut: number;
  stride: number;
  /** The shortcut changes shape: a 1×1 conv of the block's stride and a batch norm (torchvision's downsample). */
  projection: boolean;
}

/**
 * `@stride/zoo`'s resnet18() (torchvision's) after its stem (7×7 conv of stride 2 to 64 channels,
 * batch norm, ReLU, 3×3 max-pool of stride 2): four stages of two BasicBlocks at 64, 128, 256 and
 * 512 channels, stages two to four starting with stride 2; then global average pooling and a
 * Linear to 1000 classes. The tfjs peer and the FLOP count build on it.
 */
export function resnet18Blocks(): BasicBlockSpec[] {
  const blocks: BasicBlockSpec[] = [];
  let cIn = 64;
  for (const [stage, width] of [64, 128, 256, 512].entries()) {
    for (let i = 0; i < 2; i++) {
      const stride = stage > 0 && i === 0 ? 2 : 1;
      blocks.push({ cIn, cOut: width, stride, projection: stride !== 1 || cIn !== width });
      cIn = width;
    }
  }
  return blocks;
}

/** One inverted residual of MobileNetV2: 1×1 expansion (where the ratio is not 1), 3×3 depthwise, 1×1 projection. */
export interface InvertedResidualSpec {
  cIn: number;
  hidden: number;
  cOut: number;
  stride: number;
  expand: boolean;
  /** The input is added back (stride 1, same channels). */
  residual: boolean;
}

/**
 * `@stride/zoo`'s mobilenetV2() (torchvision's, width 1) between its stem (3×3 conv of stride 2 to
 * 32 channels, batch norm, ReLU6) and its last 1×1 conv to 1280 channels (then global average
 * pooling and a Linear to 1000 classes): the 17 inverted residuals of the zoo's setting.
 */
export function mobilenetV2Blocks(): InvertedResidualSpec[] {
  const blocks: InvertedResidualSpec[] = [];
  let cIn = 32;
  for (const [t, c, n, s] of MOBILENET_V2_SETTING) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      blocks.push({ cIn, hidden: cIn * t, cOut: c, stride, expand: t !== 1, residual: stride === 1 && cIn === c });
      cIn = c;
    }
  }
  return blocks;
}

/** PyTorch's output size of a square window. */
export function windowOut(size: number, k: number, stride: number, pad: number): number {
  return Math.floor((size + 2 * pad - k) / stride) + 1;
}

/** resnet18's convolutions and Linear on one `size`² image. */
export function resnet18Macs(size: number): Macs[] {
  let s = windowOut(size, 7, 2, 3);
  const layers: Macs[] = [{ macs: 64 * s * s * 3 * 49, first: true }];
  s = windowOut(s, 3, 2, 1);
  for (const b of resnet18Blocks()) {
    const out = windowOut(s, 3, b.stride, 1);
    layers.push({ macs: b.cOut * out * out * b.cIn * 9, first: false });
    layers.push({ macs: b.cOut * out * out * b.cOut * 9, first: false });
    if (b.projection) layers.push({ macs: b.cOut * out * out * b.cIn, first: false });
    s = out;
  }
  layers.push({ macs: 512 * 1000, first: false });
  return layers;
}

/** MobileNetV2's convolutions (a depthwise 3×3 does 9 multiply-adds per output) and Linear on one `size`² image. */
export function mobilenetV2Macs(size: number): Macs[] {
  let s = windowOut(size, 3, 2, 1);
  const layers: Macs[] = [{ macs: 32 * s * s * 3 * 9, first: true }];
  for (const b of mobilenetV2Blocks()) {
    if (b.expand) layers.push({ macs: b.hidden * s * s * b.cIn, first: false });
    const out = windowOut(s, 3, b.stride, 1);
    layers.push({ macs: b.hidden * out * out * 9, first: false });
    layers.push({ macs: b.cOut * out * out * b.hidden, first: false });
    s = out;
  }
  layers.push({ macs: 1280 * s * s * 320, first: false });
  layers.push({ macs: 1280 * 1000, first: false });
  return layers;
}
