import type { Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';

/** nn.Flatten(startDim = 1, endDim = -1): keeps the batch dimension, unlike Tensor.flatten's default. */
export class Flatten extends Module {
  constructor(
    readonly startDim: number = 1,
    readonly endDim: number = -1,
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim);
  }
}
