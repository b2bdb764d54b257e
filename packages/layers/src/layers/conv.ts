import { functional as F, type Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';
import type { ReceptiveWindow } from '../module/receptive-field.js';
import { initWeightAndBias, type InitOptions } from '../module/init.js';
import { checkChannels, product, tupleOf } from './args.js';

function checkPaddingMode(op: string, padding: string): 'same' | 'valid' {
  if (padding !== 'same' && padding !== 'valid')
    throw new Error(`${op}: padding must be a number, a tuple, 'same' or 'valid' but got '${padding}'`);
  return padding;
}

type IntOrTuple = number | readonly number[];

export interface ConvLayerOptions extends InitOptions {
  stride?: IntOrTuple;
  /** A number, one per spatial dim, 'same' or 'valid'. */
  padding?: IntOrTuple | 'same' | 'valid';
  dilation?: IntOrTuple;
  groups?: number;
  bias?: boolean;
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
  weight!: Tensor;
  bias!: Tensor | null;

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
    const { weight, bias } = initWeightAndBias(
      op,
      [outChannels, inChannels / groups, ...this.kernelSize],
      outChannels,
      opts.bias ?? true,
      opts,
    );
    this.registerParameter('weight', weight);
    this.registerParameter('bias', bias);
  }

  forward(x: Tensor): Tensor {
    const { stride, padding, dilation, groups } = this;
    return CONV[this.rank](x, this.weight, this.bias, { stride, padding, dilation, groups });
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
