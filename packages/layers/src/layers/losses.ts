import { functional as F, type Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';

type Reduction = F.Reduction;

/**
 * torch.nn's loss modules: `forward(input, target)` calls the F.* loss with the options given at
 * construction. Class weights and BCEWithLogitsLoss's posWeight are buffers, as torch registers
 * them, so they appear in stateDict() (`weight`, `pos_weight`), move with `to()` and are freed by
 * `dispose()`: the module takes ownership of the tensor it is given.
 */
abstract class Loss extends Module {
  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

/** A loss with an optional class-weight buffer (torch's _WeightedLoss). */
abstract class WeightedLoss extends Loss {
  weight!: Tensor | null;

  constructor(weight: Tensor | null | undefined) {
    super();
    this.registerBuffer('weight', weight ?? null);
  }
}

/** nn.CrossEntropyLoss({ weight, ignoreIndex = -100, reduction = 'mean', labelSmoothing = 0 }); targets are class indices or probabilities. */
export class CrossEntropyLoss extends WeightedLoss {
  readonly ignoreIndex: number;
  readonly reduction: Reduction;
  readonly labelSmoothing: number;

  constructor(opts: F.CrossEntropyOptions = {}) {
    super(opts.weight);
    this.ignoreIndex = opts.ignoreIndex ?? -100;
    this.reduction = opts.reduction ?? 'mean';
    this.labelSmoothing = opts.labelSmoothing ?? 0;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    // The default ignoreIndex, -100, is negative, so probability targets accept it too, as in torch.
    const { reduction, labelSmoothing, weight } = this;
    return F.crossEntropy(input, target, { ignoreIndex: this.ignoreIndex, reduction, labelSmoothing, weight });
  }
}

/** nn.NLLLoss({ weight, ignoreIndex = -100, reduction = 'mean' }). */
export class NLLLoss extends WeightedLoss {
  readonly ignoreIndex: number;
  readonly reduction: Reduction;

  constructor(opts: F.NllLossOptions = {}) {
    super(opts.weight);
    this.ignoreIndex = opts.ignoreIndex ?? -100;
    this.reduction = opts.reduction ?? 'mean';
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, { ignoreIndex: this.ignoreIndex, reduction: this.reduction, weight: this.weight });
  }
}

/** nn.BCELoss({ weight, reduction = 'mean' }): inputs are probabilities. */
export class BCELoss extends WeightedLoss {
  readonly reduction: Reduction;

  constructor(opts: F.BinaryCrossEntropyOptions = {}) {
    super(opts.weight);
    this.reduction = opts.reduction ?? 'mean';
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** nn.BCEWithLogitsLoss({ weight, reduction = 'mean', posWeight }): inputs are logits. */
export class BCEWithLogitsLoss extends WeightedLoss {
  posWeight!: Tensor | null;
  readonly reduction: Reduction;

  constructor(opts: F.BinaryCrossEntropyWithLogitsOptions = {}) {
    super(opts.weight);
    this.registerBuffer('posWeight', opts.posWeight ?? null);
    this.reduction = opts.reduction ?? 'mean';
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropyWithLogits(input, target, { weight: this.weight, posWeight: this.posWeight, reduction: this.reduction });
  }
}

/** nn.MultiMarginLoss({ p = 1, margin = 1, weight, reduction = 'mean' }): the multiclass SVM loss. */
export class MultiMarginLoss extends WeightedLoss {
  readonly p: 1 | 2;
  readonly margin: number;
  readonly reduction: Reduction;

  constructor(opts: F.MultiMarginLossOptions = {}) {
    super(opts.weight);
    this.p = opts.p ?? 1;
    this.margin = opts.margin ?? 1;
    this.reduction = opts.reduction ?? 'mean';
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return F.multiMarginLoss(input, target, { p: this.p, margin: this.margin, weight: this.weight, reduction: this.reduction });
  }
}

/** nn.MSELoss({ reduction = 'mean' }). */
export class MSELoss extends Loss {
  readonly reduction: Reduction;

  constructor(opts: { reduction?: Reduction } = {}) {
    super();
    this.reduction = opts.reduction ?? 'mean';
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLoss(input, target, { reduction: this.reduction });
  }
}

/** nn.L1Loss({ reduction = 'mean' }). */
export class L1Loss extends Loss {
  readonly reduction: Reduction;

  constructor(opts: { reduction?: Reduction } = {}) {
    super();
    this.reduction = opts.reduction ?? 'mean';
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return F.l1Loss(input, target, { reduction: this.reduction });
  }
}

/** nn.SmoothL1Loss({ reduction = 'mean', beta = 1 }). */
export class SmoothL1Loss extends Loss {
  readonly reduction: Reduction;
  readonly beta: number;

  constructor(opts: { reduction?: Reduction; beta?: number } = {}) {
    super();
    this.reduction = opts.reduction ?? 'mean';
    this.beta = opts.beta ?? 1;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return F.smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/** nn.HuberLoss({ reduction = 'mean', delta = 1 }). */
export class HuberLoss extends Loss {
  readonly reduction: Reduction;
  readonly delta: number;

  constructor(opts: { reduction?: Reduction; delta?: number } = {}) {
    super();
    this.reduction = opts.reduction ?? 'mean';
    this.delta = opts.delta ?? 1;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return F.huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/** nn.KLDivLoss({ reduction = 'mean', logTarget = false }): input holds log-probabilities. */
export class KLDivLoss extends Loss {
  readonly reduction: F.KlDivReduction;
  readonly logTarget: boolean;

  constructor(opts: F.KlDivOptions = {}) {
    super();
    this.reduction = opts.reduction ?? 'mean';
    this.logTarget = opts.logTarget ?? false;
  }

  forward(input: Tensor, target: Tensor): Tensor {
    return F.klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}
