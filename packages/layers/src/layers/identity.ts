import type { Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';

/** nn.Identity: returns its input; constructor arguments are accepted and ignored, as torch's. */
export class Identity extends Module {
  constructor(..._args: unknown[]) {
    super();
  }

  forward(x: Tensor): Tensor {
    return x;
  }
}
