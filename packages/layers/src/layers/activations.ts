import { functional as F, type Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';

/*
 * One class per torch.nn activation, each forwarding to its functional op. They are written out
 * rather than made by a factory on purpose: each keeps PyTorch's class name, its own doc line and
 * `instanceof`, and the published types stay plain classes (JSR's rules want explicit types).
 */

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

/** nn.ELU(alpha = 1); also `new ELU({ alpha })`. */
export class ELU extends Module {
  readonly alpha: number;

  constructor(alpha: number | { alpha?: number } = 1) {
    super();
    this.alpha = typeof alpha === 'number' ? alpha : (alpha.alpha ?? 1);
  }

  forward(x: Tensor): Tensor {
    return F.elu(x, this.alpha);
  }
}

/** nn.SELU: scale·elu(x, α) with Klambauer et al.'s constants. */
export class SELU extends Module {
  forward(x: Tensor): Tensor {
    return F.selu(x);
  }
}

/** nn.SiLU: x·sigmoid(x), also called swish. */
export class SiLU extends Module {
  forward(x: Tensor): Tensor {
    return F.silu(x);
  }
}

/** nn.Mish: x·tanh(softplus(x)). */
export class Mish extends Module {
  forward(x: Tensor): Tensor {
    return F.mish(x);
  }
}

/** nn.Softplus(beta = 1, threshold = 20); also `new Softplus({ beta, threshold })`. */
export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;

  constructor(beta: number | { beta?: number; threshold?: number } = 1, threshold = 20) {
    super();
    const opts = typeof beta === 'number' ? { beta, threshold } : beta;
    this.beta = opts.beta ?? 1;
    this.threshold = opts.threshold ?? 20;
  }

  forward(x: Tensor): Tensor {
    return F.softplus(x, { beta: this.beta, threshold: this.threshold });
  }
}

/** nn.ReLU6: min(max(x, 0), 6). */
export class ReLU6 extends Module {
  forward(x: Tensor): Tensor {
    return F.relu6(x);
  }
}

/** nn.Hardswish: x·relu6(x + 3)/6 (MobileNetV3). */
export class Hardswish extends Module {
  forward(x: Tensor): Tensor {
    return F.hardswish(x);
  }
}

/** nn.Hardsigmoid: relu6(x + 3)/6. */
export class Hardsigmoid extends Module {
  forward(x: Tensor): Tensor {
    return F.hardsigmoid(x);
  }
}
