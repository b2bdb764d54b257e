import { functional as F, type Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';
import type { ReceptiveWindow } from '../module/receptive-field.js';
import { registerWeightAndBias, type InitOptions } from '../module/init.js';
import { checkChannels, product, tupleOf } from './args.js';

type IntOrTuple = number | readonly number[];

export interface ConvTranspose2dOptions extends InitOptions {
  stride?: IntOrTuple;
  padding?: IntOrTuple;
  outputPadding?: IntOrTuple;
  groups?: number;
  bias?: boolean;
  dilation?: IntOrTuple;
}

/**
 * nn.ConvTranspose2d: weight [in, out/groups, kH, kW]. PyTorch computes the init's fan-in from
 * weight dim 1, so fanIn = (out/groups)·kH·kW for both weight and bias.
 */
export class ConvTranspose2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly outputPadding: number[];
  readonly dilation: number[];
  readonly groups: number;
  weight!: Tensor;
  bias!: Tensor | null;

  constructor(inChannels: number, outChannels: number, kernelSize: IntOrTuple, opts: ConvTranspose2dOptions = {}) {
    super();
    const op = 'ConvTranspose2d';
    const groups = opts.groups ?? 1;
    checkChannels(op, inChannels, outChannels, groups);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = tupleOf(op, 'kernelSize', kernelSize, 2, 1);
    this.stride = tupleOf(op, 'stride', opts.stride ?? 1, 2, 1);
    this.padding = tupleOf(op, 'padding', opts.padding ?? 0, 2, 0);
    this.outputPadding = tupleOf(op, 'outputPadding', opts.outputPadding ?? 0, 2, 0);
    this.dilation = tupleOf(op, 'dilation', opts.dilation ?? 1, 2, 1);
    this.groups = groups;
    registerWeightAndBias(this, op, [inChannels, outChannels / groups, ...this.kernelSize], outChannels, opts);
  }

  forward(x: Tensor): Tensor {
    const { stride, padding, outputPadding, groups, dilation } = this;
    return F.convTranspose2d(x, this.weight, this.bias, { stride, padding, outputPadding, groups, dilation });
  }

  /**
   * Upsampling: neighbouring outputs are 1/stride input positions apart, and one output gathers
   * from at most ⌈((k − 1)·d + 1)/stride⌉ input positions along each dim.
   */
  override receptiveWindow(): ReceptiveWindow {
    const kernelSize = this.kernelSize.map((k, i) => Math.ceil(((k - 1) * this.dilation[i]! + 1) / this.stride[i]!));
    return { kernelSize, stride: this.stride.map((s) => 1 / s), dilation: kernelSize.map(() => 1) };
  }

  /** Every input element is multiplied into (out/groups)·kH·kW outputs (bias not counted). */
  override macs(inputShape: readonly number[]): number {
    return product(inputShape) * (this.outChannels / this.groups) * product(this.kernelSize);
  }
}
