import { aNumber, nonNegativeNumber, positiveInteger } from '../checks.js';
import { cosine } from './cosine.js';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';
import { logarithm } from './logarithm.js';
import { powInt } from './power.js';
import type { StateReader } from '../state-reader.js';
import type { SchedulerStateDict } from './scheduler-state.js';

export interface CosineAnnealingWarmRestartsOptions {
  t0: number;
  tMult?: number;
  etaMin?: number;
}

/**
 * SGDR's cosine annealing with warm restarts, as
 * torch.optim.lr_scheduler.CosineAnnealingWarmRestarts: each group's lr falls from its initial
 * lr to etaMin over a cycle of tI epochs (t0 first, then tMult times the last), and restarts.
 * `step()` advances one epoch; `step(epoch)` jumps to a fractional epoch, for stepping once per
 * batch with `step(epoch + batch / batchesPerEpoch)`, as PyTorch allows.
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  t0: number;
  tMult: number;
  etaMin: number;
  /** Epochs since the last restart (fractional after step(epoch)). PyTorch's T_cur. */
  tCur: number;
  /** The length of the current cycle. PyTorch's T_i. */
  tI: number;

  constructor(optimizer: SchedulableOptimizer, options: CosineAnnealingWarmRestartsOptions) {
    const { t0, tMult = 1, etaMin = 0 } = options ?? {};
    const where = 'CosineAnnealingWarmRestarts: ';
    const checked = {
      t0: positiveInteger(where, 't0', t0),
      tMult: positiveInteger(where, 'tMult', tMult),
      etaMin: aNumber(where, 'etaMin', etaMin),
    };
    super('CosineAnnealingWarmRestarts', optimizer);
    this.t0 = checked.t0;
    this.tMult = checked.tMult;
    this.etaMin = checked.etaMin;
    this.tI = checked.t0;
    this.tCur = -1;
    this.initialStep();
  }

  /** One epoch on, or to `epoch` (any number >= 0, fractional for per-batch steps). */
  override step(epoch?: number): void {
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      this.tCur += 1;
      if (this.tCur >= this.tI) {
        this.tCur -= this.tI;
        this.tI *= this.tMult;
      }
      this.lastEpoch += 1;
    } else {
      this.jumpTo(nonNegativeNumber('CosineAnnealingWarmRestarts.step: ', 'epoch', epoch));
    }
    this.setLrs(this.computeLr());
  }

  protected computeLr(): number[] {
    const { etaMin } = this;
    const factor = 1 + cosine((Math.PI * this.tCur) / this.tI);
    return this.baseLrs.map((base) => etaMin + ((base - etaMin) * factor) / 2);
  }

  protected override restart(): void {
    this.step(0);
  }

  protected ownState(): SchedulerStateDict {
    return { t0: this.t0, tMult: this.tMult, etaMin: this.etaMin, tCur: this.tCur, tI: this.tI };
  }

  protected readOwnState(read: StateReader): () => void {
    const t0 = read.get('t0', positiveInteger);
    const tMult = read.get('tMult', positiveInteger);
    const etaMin = read.get('etaMin', aNumber);
    const tCur = read.get('tCur', aNumber);
    const tI = read.get('tI', positiveInteger);
    return () => Object.assign(this, { t0, tMult, etaMin, tCur, tI });
  }

  /** PyTorch's step(epoch): the cycle that holds `epoch`, found with the same float64 formula. */
  private jumpTo(epoch: number): void {
    const { t0, tMult } = this;
    if (epoch < t0) {
      this.tI = t0;
      this.tCur = epoch;
    } else if (tMult === 1) {
      this.tCur = epoch % t0;
    } else {
      // int(math.log(x, base)): log(x) / log(base) truncated, with C's log (see logarithm.ts).
      const n = Math.trunc(logarithm((epoch / t0) * (tMult - 1) + 1) / logarithm(tMult));
      this.tCur = epoch - (t0 * (powInt(tMult, n) - 1)) / (tMult - 1);
      this.tI = t0 * powInt(tMult, n);
    }
    this.lastEpoch = Math.floor(epoch);
  }
}
