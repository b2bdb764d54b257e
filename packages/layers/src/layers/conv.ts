import { composite, functional as F, type Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';
import type { ReceptiveWindow } from '../module/receptive-field.js';
import { registerWeightAndBias, type InitOptions } from '../module/init.js';
import { checkChannels, product, tupleOf } from './args.js';

function checkPaddingMode(op: string, padding: string): 'same' | 'valid' {
  if (padding !== 'same' && padding !== 'valid')
    throw new Error(`${op}: padding must be a number, a tuple, 'same' or 'valid' but got '${padding}'`);
  return padding;
}

type IntOrTuple = number | readonly number[];

/** How a convolution layer pads its input, as PyTorch's `padding_mode`. */
export type ConvPaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';
const PADDING_MODES: readonly ConvPaddingMode[] = ['zeros', 'reflect', 'replicate', 'circular'];

export interface ConvLayerOptions extends InitOptions {
  stride?: IntOrTuple;
  /** A number, one per spatial dim, 'same' or 'valid'. */
  padding?: IntOrTuple | 'same' | 'valid';
  dilation?: IntOrTuple;
  groups?: number;
  bias?: boolean;
  /** Default 'zeros'; the others pad with F.pad's mode, then convolve without padding. */
  paddingMode?: ConvPaddingMode;
}

const CONV = { 1: F.conv1d, 2: F.conv2d, 3: F.conv3d } as const;
const NAMES = { 1: 'Conv1d', 2: 'Conv2d', 3: 'Conv3d' } as const;

/** The convolution layers' shared body: weight [out, in/groups, ...kernel], PyTorch's init. */
export abstract class ConvNd extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | 'same' | 'valid';
  readonly dilation: number[];
  readonly groups: number;
  readonly paddingMode: ConvPaddingMode;
  /** PyTorch's `_reversed_padding_repeated_twice`: the pads F.pad takes, last dim first. */
  readonly reversedPaddingRepeatedTwice: number[];
  weight!: Tensor;
  bias!: Tensor | null;
  /**
   * Applies ReLU to the output in the same pass that adds the bias (torch.ao's ConvReLU2d), where
   * `fuse()` folded a following ReLU into this layer. Not part of the state dict.
   */
  fusedRelu = false;

  protected constructor(
    private readonly rank: 1 | 2 | 3,
    inChannels: number,
    outChannels: number,
    kernelSize: IntOrTuple,
    opts: ConvLayerOptions,
  ) {
    super();
    const op = NAMES[rank];
    const groups = opts.groups ?? 1;
    checkChannels(op, inChannels, outChannels, groups);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = tupleOf(op, 'kernelSize', kernelSize, rank, 1);
    this.stride = tupleOf(op, 'stride', opts.stride ?? 1, rank, 1);
    const padding = opts.padding ?? 0;
    this.padding = typeof padding === 'string' ? checkPaddingMode(op, padding) : tupleOf(op, 'padding', padding, rank, 0);
    this.dilation = tupleOf(op, 'dilation', opts.dilation ?? 1, rank, 1);
    this.groups = groups;
    this.paddingMode = opts.paddingMode ?? 'zeros';
    if (!PADDING_MODES.includes(this.paddingMode)) {
      throw new Error(`${op}: paddingMode must be 'zeros', 'reflect', 'replicate' or 'circular' but got '${this.paddingMode}'`);
    }
    // Checked here as PyTorch does: a non-zero padding mode convolves without padding, where F.conv would see 'same'.
    if (this.padding === 'same' && this.stride.some((s) => s !== 1)) {
      throw new Error(`${op}: padding='same' is not supported for strided convolutions (stride [${this.stride.join(', ')}])`);
    }
    this.reversedPaddingRepeatedTwice = reversedPadding(this.padding, this.kernelSize, this.dilation);
    registerWeightAndBias(this, op, [outChannels, inChannels / groups, ...this.kernelSize], outChannels, opts);
  }

  /** As PyTorch's `_conv_forward`: a non-zero padding mode pads first, then convolves with padding 0. */
  forward(x: Tensor): Tensor {
    const { stride, padding, dilation, groups } = this;
    const conv = (input: Tensor, pad: number | number[] | 'same' | 'valid'): Tensor => {
      if (!this.fusedRelu) return CONV[this.rank](input, this.weight, this.bias, { stride, padding: pad, dilation, groups });
      return composite(() =>
        F.channelAffine(CONV[this.rank](input, this.weight, null, { stride, padding: pad, dilation, groups }), null, this.bias, {
          relu: true,
        }),
      );
    };
    if (this.paddingMode === 'zeros') return conv(x, padding);
    return padThenConvolve(x, this.reversedPaddingRepeatedTwice, this.paddingMode, (padded) => conv(padded, 0));
  }

  override receptiveWindow(): ReceptiveWindow {
    return { kernelSize: this.kernelSize, stride: this.stride, dilation: this.dilation };
  }

  /** Every output element sums (inChannels/groups)·∏kernel products; the bias add is not counted. */
  override macs(_inputShape: readonly number[], outputShape: readonly number[]): number {
    return product(outputShape) * (this.inChannels / this.groups) * product(this.kernelSize);
  }
}

/** nn.Conv1d: input [N, C, L]. */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrTuple, opts: ConvLayerOptions = {}) {
    super(1, inChannels, outChannels, kernelSize, opts);
  }
}

/** nn.Conv2d: input [N, C, H, W]. */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrTuple, opts: ConvLayerOptions = {}) {
    super(2, inChannels, outChannels, kernelSize, opts);
  }
}

/** nn.Conv3d: input [N, C, D, H, W]. */
export class Conv3d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrTuple, opts: ConvLayerOptions = {}) {
    super(3, inChannels, outChannels, kernelSize, opts);
  }
}

/**
 * torch's `_reversed_padding_repeated_twice`: each dim's (before, after), last dim first. 'same'
 * puts the odd pixel of an even total after, as PyTorch does; 'valid' pads nothing.
 */
function reversedPadding(padding: number[] | 'same' | 'valid', kernel: number[], dilation: number[]): number[] {
  const pairs = kernel.map((k, i): [number, number] => {
    if (padding === 'valid') return [0, 0];
    if (padding === 'same') {
      const total = dilation[i]! * (k - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    }
    return [padding[i]!, padding[i]!];
  });
  return pairs.reverse().flat();
}

/** Pads x, runs `conv` on it, and frees the padded copy unless the convolution's graph keeps it. */
function padThenConvolve(x: Tensor, pads: number[], mode: Exclude<ConvPaddingMode, 'zeros'>, conv: (padded: Tensor) => Tensor): Tensor {
  return composite(() => conv(F.pad(x, pads, { mode })));
}
