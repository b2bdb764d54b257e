import { functional as F, type Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';

/** nn.ReLU. */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return F.relu(x);
  }
}

/** nn.LeakyReLU(negativeSlope = 0.01); also `new LeakyReLU({ negativeSlope })`. */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;

  constructor(negativeSlope: number | { negativeSlope?: number } = 0.01) {
    super();
    this.negativeSlope = typeof negativeSlope === 'number' ? negativeSlope : (negativeSlope.negativeSlope ?? 0.01);
  }

  forward(x: Tensor): Tensor {
    return F.leakyRelu(x, this.negativeSlope);
  }
}

/** nn.Sigmoid. */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return F.sigmoid(x);
  }
}

/** nn.Tanh. */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return F.tanh(x);
  }
}

/** nn.GELU({ approximate: 'none' | 'tanh' }). */
export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';

  constructor(opts: { approximate?: 'none' | 'tanh' } = {}) {
    super();
    this.approximate = opts.approximate ?? 'none';
  }

  forward(x: Tensor): Tensor {
    return F.gelu(x, { approximate: this.approximate });
  }
}

/**
 * nn.Softmax(dim). Without a dim, PyTorch's legacy rule applies (`_get_softmax_dim`): dim 0 for
 * 0-, 1- and 3-D inputs, else dim 1.
 */
export class Softmax extends Module {
  constructor(readonly dim?: number) {
    super();
  }

  forward(x: Tensor): Tensor {
    const dim = this.dim ?? (x.ndim === 0 || x.ndim === 1 || x.ndim === 3 ? 0 : 1);
    return F.softmax(x, dim);
  }
}
