import { functional as F, type Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';
import { ModuleList } from './module-list.js';

/**
 * Averages several trained models' predictions: forward is the mean of the members' softmax
 * probabilities over `dim` (1, the class dim of [N, C] logits and of [N, C, H, W] maps). The
 * members live in a ModuleList `models`, so state-dict keys are `models.0.…`, `models.1.…`,
 * what torch gives `self.models = nn.ModuleList(models)`; train()/eval()/to() reach each member.
 */
export class Ensemble extends Module {
  readonly models: ModuleList;
  readonly dim: number;

  constructor(models: Iterable<Module>, opts: { dim?: number } = {}) {
    super();
    this.models = new ModuleList(models);
    if (this.models.length === 0) throw new Error('Ensemble: models must hold at least one model but got none');
    this.dim = opts.dim ?? 1;
  }

  forward(x: Tensor): Tensor {
    let sum: Tensor | null = null;
    let first: readonly number[] = [];
    for (const [i, model] of [...this.models].entries()) {
      const logits = model.forward(x);
      if (i === 0) first = logits.shape;
      else if (logits.shape.length !== first.length || logits.shape.some((d, k) => d !== first[k])) {
        throw new Error(
          `Ensemble: model ${i} returned shape [${logits.shape.join(', ')}] but model 0 returned [${first.join(', ')}] (expected equal)`,
        );
      }
      const p = F.softmax(logits, this.dim);
      sum = sum ? sum.add(p) : p;
    }
    return sum!.div(this.models.length);
  }
}
