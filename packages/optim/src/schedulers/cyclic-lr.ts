import { aBoolean, aNumber, nonNegativeNumber, numberIn, numberList, oneOf, perGroup, positiveNumber } from '../checks.js';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';
import { hasMomentum, setMomentum } from './momentum.js';
import { powInt } from './power.js';
import type { StateReader } from '../state-reader.js';
import type { SchedulerStateDict } from './scheduler-state.js';

export type CyclicLRMode = 'triangular' | 'triangular2' | 'exp_range';
export type CyclicLRScaleMode = 'cycle' | 'iterations';

export interface CyclicLROptions {
  baseLr: number | readonly number[];
  maxLr: number | readonly number[];
  stepSizeUp?: number;
  /** Defaults to stepSizeUp. */
  stepSizeDown?: number;
  mode?: CyclicLRMode;
  /** exp_range's factor per iteration. */
  gamma?: number;
  /** A custom amplitude scale in [0, 1], replacing `mode`'s; not saved in the state dict. */
  scaleFn?: (x: number) => number;
  /** What scaleFn is given: the cycle number or the iteration count. */
  scaleMode?: CyclicLRScaleMode;
  cycleMomentum?: boolean;
  baseMomentum?: number | readonly number[];
  maxMomentum?: number | readonly number[];
}

const modes = oneOf<CyclicLRMode>(['triangular', 'triangular2', 'exp_range']);
const scaleModes = oneOf<CyclicLRScaleMode>(['cycle', 'iterations']);

/**
 * Cyclical learning rates (Smith, 2017), as torch.optim.lr_scheduler.CyclicLR: each group's lr
 * moves from baseLr up to maxLr over stepSizeUp iterations and back over stepSizeDown, the
 * amplitude scaled per cycle (triangular: 1, triangular2: halved each cycle) or per iteration
 * (exp_range: gamma^iteration), or by a custom scaleFn. With cycleMomentum, momentum moves the
 * opposite way between maxMomentum and baseMomentum; as in PyTorch 1.13 that needs an optimizer
 * with a `momentum` option (SGD, RMSprop), not Adam's betas. Step once per batch.
 */
export class CyclicLR extends LRScheduler {
  maxLrs: number[];
  /** Iterations per cycle, up and down. */
  totalSize: number;
  /** The fraction of a cycle spent rising. */
  stepRatio: number;
  mode: CyclicLRMode;
  gamma: number;
  scaleMode: CyclicLRScaleMode;
  cycleMomentum: boolean;
  baseMomentums: number[];
  maxMomentums: number[];
  readonly scaleFn: ((x: number) => number) | undefined;

  constructor(optimizer: SchedulableOptimizer, options: CyclicLROptions) {
    const {
      baseLr,
      maxLr,
      stepSizeUp = 2000,
      stepSizeDown,
      mode = 'triangular',
      gamma = 1,
      scaleFn,
      scaleMode = 'cycle',
      cycleMomentum = true,
      baseMomentum = 0.8,
      maxMomentum = 0.9,
    } = options ?? {};
    const where = 'CyclicLR: ';
    const groups = optimizer.paramGroups.length;
    const baseLrs = perGroup(groups)(where, 'baseLr', baseLr);
    const maxLrs = perGroup(groups)(where, 'maxLr', maxLr);
    const up = positiveNumber(where, 'stepSizeUp', stepSizeUp);
    const down = stepSizeDown === undefined ? up : nonNegativeNumber(where, 'stepSizeDown', stepSizeDown);
    if (scaleFn !== undefined && typeof scaleFn !== 'function')
      throw new Error(`${where}scaleFn is ${typeof scaleFn} (expected a function or undefined)`);
    const checked = {
      mode: modes(where, 'mode', mode),
      gamma: aNumber(where, 'gamma', gamma),
      scaleMode: scaleModes(where, 'scaleMode', scaleMode),
      cycleMomentum: aBoolean(where, 'cycleMomentum', cycleMomentum),
    };
    if (cycleMomentum && !hasMomentum(optimizer.defaults)) {
      throw new Error(
        `CyclicLR: cycleMomentum needs an optimizer with a momentum option, but ${optimizer.name} has none (pass cycleMomentum: false)`,
      );
    }
    const baseMomentums = cycleMomentum ? perGroup(groups)(where, 'baseMomentum', baseMomentum) : [];
    const maxMomentums = cycleMomentum ? perGroup(groups)(where, 'maxMomentum', maxMomentum) : [];
    // As PyTorch: the groups start at baseLr (which becomes initialLr unless a scheduler set it) and baseMomentum.
    optimizer.paramGroups.forEach((g, i) => {
      g.lr = baseLrs[i]!;
      if (cycleMomentum) setMomentum(g, baseMomentums[i]!);
    });
    super('CyclicLR', optimizer);
    this.maxLrs = maxLrs;
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    this.mode = checked.mode;
    this.gamma = checked.gamma;
    this.scaleFn = scaleFn;
    this.scaleMode = scaleFn ? checked.scaleMode : checked.mode === 'exp_range' ? 'iterations' : 'cycle';
    this.cycleMomentum = checked.cycleMomentum;
    this.baseMomentums = baseMomentums;
    this.maxMomentums = maxMomentums;
    // PyTorch's initial step runs with base_lrs from initialLr, then replaces them with baseLr.
    this.initialStep();
    this.baseLrs = baseLrs;
  }

  /** The lrs at iteration `lastEpoch`; with cycleMomentum, also sets each group's momentum. */
  protected computeLr(): number[] {
    const e = this.lastEpoch;
    const cycle = Math.floor(1 + e / this.totalSize);
    const x = 1 + e / this.totalSize - cycle;
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const scale = this.scale(this.scaleMode === 'cycle' ? cycle : e);
    if (this.cycleMomentum) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const [base, max] = [this.baseMomentums[i]!, this.maxMomentums[i]!];
        setMomentum(g, max - (max - base) * scaleFactor * scale);
      });
    }
    return this.baseLrs.map((base, i) => base + (this.maxLrs[i]! - base) * scaleFactor * scale);
  }

  protected ownState(): SchedulerStateDict {
    return {
      maxLrs: [...this.maxLrs],
      totalSize: this.totalSize,
      stepRatio: this.stepRatio,
      mode: this.mode,
      gamma: this.gamma,
      scaleMode: this.scaleMode,
      cycleMomentum: this.cycleMomentum,
      baseMomentums: [...this.baseMomentums],
      maxMomentums: [...this.maxMomentums],
    };
  }

  protected readOwnState(read: StateReader): () => void {
    const groups = this.optimizer.paramGroups.length;
    const maxLrs = read.get('maxLrs', numberList(groups));
    const totalSize = read.get('totalSize', positiveNumber);
    const stepRatio = read.get('stepRatio', numberIn(0, 1, { openMin: true }));
    const mode = read.get('mode', modes);
    const gamma = read.get('gamma', aNumber);
    const scaleMode = read.get('scaleMode', scaleModes);
    const cycleMomentum = read.get('cycleMomentum', aBoolean);
    if (cycleMomentum && !hasMomentum(this.optimizer.defaults)) {
      throw new Error(
        `CyclicLR.loadStateDict: stateDict.cycleMomentum is true but ${this.optimizer.name} has no momentum option (expected a state dict saved with cycleMomentum: false)`,
      );
    }
    const momenta = numberList(cycleMomentum ? groups : 0);
    const baseMomentums = read.get('baseMomentums', momenta);
    const maxMomentums = read.get('maxMomentums', momenta);
    return () => Object.assign(this, { maxLrs, totalSize, stepRatio, mode, gamma, scaleMode, cycleMomentum, baseMomentums, maxMomentums });
  }

  /** The amplitude's scale at `x` (a cycle number or an iteration, as scaleMode says). */
  private scale(x: number): number {
    if (this.scaleFn) return this.scaleFn(x);
    if (this.mode === 'triangular') return 1;
    if (this.mode === 'triangular2') return 1 / powInt(2, x - 1);
    return powInt(this.gamma, x);
  }
}
