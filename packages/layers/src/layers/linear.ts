import { functional as F, type Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';
import type { ReceptiveWindow } from '../module/receptive-field.js';
import { registerWeightAndBias, type InitOptions } from '../module/init.js';
import { checkCounts, product } from './args.js';

export interface LinearOptions extends InitOptions {
  bias?: boolean;
}

/** y = x·Wᵀ + b over the last dimension, as PyTorch's nn.Linear (weight [out, in]). */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight!: Tensor;
  bias!: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions = {}) {
    super();
    checkCounts('Linear', { inFeatures, outFeatures });
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    registerWeightAndBias(this, 'Linear', [outFeatures, inFeatures], outFeatures, opts);
  }

  forward(x: Tensor): Tensor {
    return F.linear(x, this.weight, this.bias);
  }

  /** Over a map with spatial dims, each output mixes the whole last dim (flattened maps are handled by summary). */
  override receptiveWindow(inputShape: readonly number[]): ReceptiveWindow | null {
    if (inputShape.length <= 2) return null;
    const ones = inputShape.slice(2).map(() => 1);
    const last = [...ones.slice(1), inputShape[inputShape.length - 1]!];
    return { kernelSize: last, stride: last, dilation: ones };
  }

  /** One multiply-accumulate per weight for each output row. */
  override macs(_inputShape: readonly number[], outputShape: readonly number[]): number {
    return (product(outputShape) / this.outFeatures) * this.inFeatures * this.outFeatures;
  }
}
