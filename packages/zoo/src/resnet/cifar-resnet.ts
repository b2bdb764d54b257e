import type { Tensor } from '@stride/core-tensor';
import { GlobalAvgPool2d, type Identity, Linear, Module, ReLU, type Conv2d, type Sequential } from '@stride/layers';
import { BatchNorm2d } from '@stride/norm';
import { appliesRelu, fuseConvBnRelu } from './fuse-conv-bn-relu.js';
import { normRelu } from './norm-relu.js';
import { conv3x3 } from './basic-block.js';
import { initResNet } from './init.js';
import { makeLayer, projection, type ShortcutFactory } from './make-layer.js';
import { checkPositiveIntegers, checkProbability } from '../options.js';
import { PadShortcut } from './pad-shortcut.js';
import { addStochasticDepth } from './stochastic-depth.js';
import { addBlurPool } from './blur-pool.js';

/** 'A': parameter-free identity with zero-padded channels (the paper's CIFAR choice); 'B': 1×1 conv projection + BatchNorm. */
export type Shortcut = 'A' | 'B';

export interface CifarResNetOptions {
  /** Outputs of the final Linear (default 10, CIFAR-10's classes). */
  numClasses?: number;
  /** Channels of the input image (default 3). */
  inChannels?: number;
  /** How the first block of stages 2 and 3 matches the shortcut's shape (default 'A'). */
  shortcut?: Shortcut;
  /**
   * Stochastic depth (Huang et al. 2016): the drop rate of the last residual block, block l of L
   * dropping with rate·l/L during training (default 0, none). No parameters: keys do not change.
   */
  stochasticDepth?: number;
  /**
   * Anti-aliased downsampling (Zhang 2019): strided blocks and their shortcuts blur before they
   * subsample (see `addBlurPool`). Adds blur filters as buffers (`…filt`), no parameters.
   */
  blurPool?: boolean;
}

export interface CifarResNetConfig extends CifarResNetOptions {
  /** BasicBlocks per stage, n: depth is 6n + 2. */
  blocksPerStage: number;
  /** Channels of the three stages (default [16, 32, 64], the paper's). */
  widths?: readonly [number, number, number];
}

/** ResNet-20 for CIFAR (n = 3): 269,722 parameters at 10 classes with option A, 272,474 with B. */
export function resnet20(opts: CifarResNetOptions = {}): CifarResNet {
  return new CifarResNet({ ...opts, blocksPerStage: 3 });
}

/** ResNet-32 for CIFAR (n = 5): 464,154 parameters at 10 classes with option A. */
export function resnet32(opts: CifarResNetOptions = {}): CifarResNet {
  return new CifarResNet({ ...opts, blocksPerStage: 5 });
}

/** ResNet-56 for CIFAR (n = 9): 853,018 parameters at 10 classes with option A. */
export function resnet56(opts: CifarResNetOptions = {}): CifarResNet {
  return new CifarResNet({ ...opts, blocksPerStage: 9 });
}

/**
 * The CIFAR ResNets of He et al. 2016 (section 4.2): a 3×3 conv stem of 16 channels with bn1 and
 * relu, three stages (layer1..3) of n BasicBlocks at 16, 32 and 64 channels (stages 2 and 3
 * halve the resolution in their first block), global average pooling and fc. Blocks are
 * torchvision's BasicBlock, so keys read `layer2.0.conv1.weight`; with option B the projection
 * is `layer2.0.downsample.0/1`, as torchvision's. Initialisation as torchvision's ResNet. With
 * `stochasticDepth` each block's branch is dropped per sample in training (see `addStochasticDepth`).
 */
export class CifarResNet extends Module {
  conv1: Conv2d;
  /** Identity once `fuse()` has folded it into conv1. */
  bn1: BatchNorm2d | Identity;
  relu: ReLU = new ReLU();
  layer1: Sequential;
  layer2: Sequential;
  layer3: Sequential;
  avgpool: GlobalAvgPool2d = new GlobalAvgPool2d();
  fc: Linear;

  constructor(config: CifarResNetConfig) {
    super();
    const {
      blocksPerStage: n,
      numClasses = 10,
      inChannels = 3,
      shortcut = 'A',
      widths = [16, 32, 64],
      stochasticDepth = 0,
      blurPool = false,
    } = config;
    checkPositiveIntegers('CifarResNet', {
      blocksPerStage: n,
      numClasses,
      inChannels,
      width0: widths[0],
      width1: widths[1],
      width2: widths[2],
    });
    if (shortcut !== 'A' && shortcut !== 'B') throw new Error(`CifarResNet: shortcut must be 'A' or 'B' but got ${String(shortcut)}`);
    checkProbability('CifarResNet', 'stochasticDepth', stochasticDepth);
    if (typeof blurPool !== 'boolean') throw new Error(`CifarResNet: blurPool must be true or false but got ${String(blurPool)}`);
    this.conv1 = conv3x3(inChannels, widths[0]);
    this.bn1 = new BatchNorm2d(widths[0]);
    const downsample: ShortcutFactory = shortcut === 'A' ? (inplanes, planes) => new PadShortcut(inplanes, planes) : projection;
    this.layer1 = makeLayer(widths[0], widths[0], n, 1, downsample);
    this.layer2 = makeLayer(widths[0], widths[1], n, 2, downsample);
    this.layer3 = makeLayer(widths[1], widths[2], n, 2, downsample);
    this.fc = new Linear(widths[2], numClasses);
    if (blurPool) addBlurPool([this.layer1, this.layer2, this.layer3]);
    if (stochasticDepth > 0) addStochasticDepth([this.layer1, this.layer2, this.layer3], stochasticDepth);
    initResNet(this);
  }

  forward(x: Tensor): Tensor {
    const conv = this.conv1.forward(x);
    const stem = appliesRelu(this.conv1) ? this.bn1.forward(conv) : normRelu(this.bn1, this.relu, conv);
    const features = this.layer3.forward(this.layer2.forward(this.layer1.forward(stem)));
    return this.fc.forward(this.avgpool.forward(features));
  }

  /** Folds the stem's batch norm and ReLU into conv1; the stages fuse their blocks. */
  override fuse(): this {
    super.fuse();
    fuseConvBnRelu(this, 'conv1', 'bn1', true);
    return this;
  }
}
