// The shapes the issue names, and the floating-point work each one does.
import { IMAGENET_SIZE, mobilenetV2Macs, resnet18Macs } from './imagenet-shapes.js';

/** A 2-D convolution, NCHW, square kernel; output size follows PyTorch's rule. */
export interface ConvCase {
  name: string;
  n: number;
  cIn: number;
  cOut: number;
  size: number;
  k: number;
  pad: number;
  stride: number;
}

export interface PoolCase {
  n: number;
  c: number;
  size: number;
  k: number;
}

export interface NormCase {
  n: number;
  c: number;
  size: number;
}

export type ModelName = 'lenet5' | 'resnet20' | 'resnet18' | 'mobilenetV2';

export interface ModelCase {
  model: ModelName;
  mode: 'train' | 'infer';
  batch: number;
  /** Height and width of the images of the ImageNet models (default 224); LeNet and resnet20 take their datasets' sizes. */
  imageSize?: number;
}

export const CONV_CASES: readonly ConvCase[] = [
  { name: 'LeNet conv1', n: 64, cIn: 1, cOut: 20, size: 28, k: 5, pad: 2, stride: 1 },
  { name: 'LeNet conv2', n: 64, cIn: 20, cOut: 50, size: 14, k: 5, pad: 2, stride: 1 },
  { name: 'ResNet 3×3', n: 32, cIn: 64, cOut: 64, size: 32, k: 3, pad: 1, stride: 1 },
  { name: 'strided', n: 32, cIn: 64, cOut: 128, size: 32, k: 3, pad: 1, stride: 2 },
];

/** LeNet's first pooling layer. */
export const POOL_CASE: PoolCase = { n: 64, c: 20, size: 28, k: 2 };
/** A ResNet stage-one activation. */
export const NORM_CASE: NormCase = { n: 32, c: 64, size: 32 };

export function convOutSize(c: ConvCase): number {
  return Math.floor((c.size + 2 * c.pad - c.k) / c.stride) + 1;
}

/** Each of forward, backward-input and backward-weight does the same multiply-adds. */
export function convFlops(c: ConvCase): number {
  const out = convOutSize(c);
  return 2 * c.n * c.cOut * out * out * c.cIn * c.k * c.k;
}

export const matmulFlops = (n: number): number => 2 * n ** 3;

/** A layer that multiplies: its multiply-adds per image, and whether its input needs a gradient. */
export interface Macs {
  macs: number;
  first: boolean;
}

/** Floating-point work split by the kind of kernel that does it, for predicting run times. */
export interface FlopsByPass {
  forward: number;
  backwardInput: number;
  backwardWeight: number;
}

/**
 * FLOPs of one run of a model, counting the convolutions' and linear layers' multiply-adds
 * (the rest is a few percent): a training step adds the weight gradient of every layer and
 * the input gradient of every layer but the first.
 */
export function modelFlops(c: ModelCase): number {
  const f = modelFlopsByPass(c);
  return f.forward + f.backwardInput + f.backwardWeight;
}

export function modelFlopsByPass(c: ModelCase): FlopsByPass {
  const layers = modelMacs(c);
  const out: FlopsByPass = { forward: 0, backwardInput: 0, backwardWeight: 0 };
  for (const l of layers) {
    out.forward += 2 * l.macs * c.batch;
    if (c.mode !== 'train') continue;
    out.backwardWeight += 2 * l.macs * c.batch;
    if (!l.first) out.backwardInput += 2 * l.macs * c.batch;
  }
  return out;
}

function modelMacs(c: ModelCase): Macs[] {
  if (c.model === 'lenet5') return lenetMacs();
  if (c.model === 'resnet20') return resnet20Macs();
  const size = c.imageSize ?? IMAGENET_SIZE;
  return c.model === 'resnet18' ? resnet18Macs(size) : mobilenetV2Macs(size);
}

/** An image of the model's input: [channels, height, width]. */
export function modelImageShape(c: ModelCase): [number, number, number] {
  if (c.model === 'lenet5') return [1, 28, 28];
  if (c.model === 'resnet20') return [3, 32, 32];
  const size = c.imageSize ?? IMAGENET_SIZE;
  return [3, size, size];
}

function lenetMacs(): Macs[] {
  return [
    { macs: 20 * 28 * 28 * 1 * 25, first: true },
    { macs: 50 * 14 * 14 * 20 * 25, first: false },
    { macs: 2450 * 500, first: false },
    { macs: 500 * 10, first: false },
  ];
}

/** One basic block of the CIFAR ResNet-20: two 3×3 convolutions around a shortcut. */
export interface ResidualBlock {
  cIn: number;
  cOut: number;
  stride: number;
  /** The block changes shape: its shortcut subsamples and zero-pads channels (option A). */
  reshapes: boolean;
}

/**
 * `@stride/zoo`'s resnet20() (He et al. 2016, CIFAR) after its 3×3 stem of 16 channels: three
 * stages of three basic blocks (16, 32, 64 channels; stages two and three start with stride 2),
 * with the paper's parameter-free option-A shortcuts. The tfjs peer and the FLOP count build on it.
 */
export function resnet20Blocks(): ResidualBlock[] {
  const blocks: ResidualBlock[] = [];
  let cIn = 16;
  for (const [stage, width] of [16, 32, 64].entries()) {
    for (let i = 0; i < 3; i++) {
      const stride = stage > 0 && i === 0 ? 2 : 1;
      blocks.push({ cIn, cOut: width, stride, reshapes: stride !== 1 || cIn !== width });
      cIn = width;
    }
  }
  return blocks;
}

function resnet20Macs(): Macs[] {
  const layers: Macs[] = [{ macs: 16 * 32 * 32 * 3 * 9, first: true }];
  let size = 32;
  for (const b of resnet20Blocks()) {
    const out = size / b.stride;
    layers.push({ macs: b.cOut * out * out * b.cIn * 9, first: false });
    layers.push({ macs: b.cOut * out * out * b.cOut * 9, first: false });
    size = out;
  }
  layers.push({ macs: 64 * 10, first: false });
  return layers;
}
