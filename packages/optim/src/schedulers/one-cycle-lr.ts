import { aBoolean, numberIn, numberList, oneOf, perGroup, positiveInteger } from '../checks.js';
import { cosine } from './cosine.js';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';
import { hasBetas, hasMomentum, setMomentum } from './momentum.js';
import type { StateReader } from '../state-reader.js';
import type { SchedulerStateDict } from './scheduler-state.js';

export interface OneCycleLROptions {
  maxLr: number | readonly number[];
  totalSteps: number;
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  divFactor?: number;
  finalDivFactor?: number;
  cycleMomentum?: boolean;
  baseMomentum?: number | readonly number[];
  maxMomentum?: number | readonly number[];
  threePhase?: boolean;
}

/** One group's end points: PyTorch keeps them in the param group under these names. */
interface CycleValues {
  initialLr: number;
  maxLr: number;
  minLr: number;
  maxMomentum: number;
  baseMomentum: number;
}
type LrKey = 'initialLr' | 'maxLr' | 'minLr';
type MomentumKey = 'maxMomentum' | 'baseMomentum';
interface Phase {
  endStep: number;
  startLr: LrKey;
  endLr: LrKey;
  startMomentum: MomentumKey;
  endMomentum: MomentumKey;
}

const annealStrategies = oneOf(['cos', 'linear'] as const);

/**
 * The 1cycle policy, as torch.optim.lr_scheduler.OneCycleLR: the lr rises from maxLr/divFactor
 * to maxLr over pctStart of totalSteps, then falls to initialLr/finalDivFactor (with threePhase,
 * it first falls back to the initial lr, symmetrically, then to the minimum). Momentum (or Adam's
 * beta1) moves the opposite way between maxMomentum and baseMomentum. Step once per batch; a
 * step past totalSteps throws.
 */
export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  pctStart: number;
  threePhase: boolean;
  annealStrategy: 'cos' | 'linear';
  cycleMomentum: boolean;
  private phases: Phase[];
  private values: CycleValues[];

  constructor(optimizer: SchedulableOptimizer, options: OneCycleLROptions) {
    const {
      maxLr,
      totalSteps,
      pctStart = 0.3,
      annealStrategy = 'cos',
      divFactor = 25,
      finalDivFactor = 1e4,
      cycleMomentum = true,
      baseMomentum = 0.85,
      maxMomentum = 0.95,
      threePhase = false,
    } = options;
    const where = 'OneCycleLR: ';
    const groups = optimizer.paramGroups.length;
    const maxLrs = perGroup(groups)(where, 'maxLr', maxLr);
    const checked = {
      totalSteps: positiveInteger(where, 'totalSteps', totalSteps),
      pctStart: numberIn(0, 1)(where, 'pctStart', pctStart),
      annealStrategy: annealStrategies(where, 'annealStrategy', annealStrategy),
      threePhase: aBoolean(where, 'threePhase', threePhase),
      cycleMomentum: aBoolean(where, 'cycleMomentum', cycleMomentum),
    };
    if (cycleMomentum && !hasMomentum(optimizer.defaults) && !hasBetas(optimizer.defaults)) {
      throw new Error(
        `OneCycleLR: cycleMomentum needs an optimizer with momentum or betas, but ${optimizer.name} has neither (pass cycleMomentum: false)`,
      );
    }
    const maxMomenta = perGroup(groups)(where, 'maxMomentum', maxMomentum);
    const baseMomenta = perGroup(groups)(where, 'baseMomentum', baseMomentum);
    super(
      'OneCycleLR',
      optimizer,
      maxLrs.map((m) => m / divFactor),
    );
    this.totalSteps = checked.totalSteps;
    this.pctStart = checked.pctStart;
    this.threePhase = checked.threePhase;
    this.annealStrategy = checked.annealStrategy;
    this.cycleMomentum = checked.cycleMomentum;
    this.phases = schedulePhases(this.totalSteps, this.pctStart, this.threePhase);
    this.values = optimizer.paramGroups.map((g, i) => ({
      initialLr: g.initialLr!,
      maxLr: maxLrs[i]!,
      minLr: g.initialLr! / finalDivFactor,
      maxMomentum: maxMomenta[i]!,
      baseMomentum: baseMomenta[i]!,
    }));
    if (cycleMomentum) optimizer.paramGroups.forEach((g, i) => setMomentum(g, maxMomenta[i]!));
    this.initialStep();
  }

  protected computeLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new Error(
        `OneCycleLR: tried to step ${stepNum + 1} times (counting the one in the constructor) but totalSteps is ${this.totalSteps}`,
      );
    }
    const anneal = this.annealStrategy === 'cos' ? annealCos : annealLinear;
    return this.optimizer.paramGroups.map((group, i) => {
      const v = this.values[i]!;
      let startStep = 0;
      for (let k = 0; k < this.phases.length; k++) {
        const phase = this.phases[k]!;
        if (stepNum <= phase.endStep || k === this.phases.length - 1) {
          const pct = (stepNum - startStep) / (phase.endStep - startStep);
          if (this.cycleMomentum) setMomentum(group, anneal(v[phase.startMomentum], v[phase.endMomentum], pct));
          return anneal(v[phase.startLr], v[phase.endLr], pct);
        }
        startStep = phase.endStep;
      }
      throw new Error('OneCycleLR: unreachable, the last phase always matches');
    });
  }

  /** The settings, and each group's end points (which PyTorch keeps in the optimizer's param groups). */
  protected ownState(): SchedulerStateDict {
    const column = (key: keyof CycleValues) => this.values.map((v) => v[key]);
    return {
      totalSteps: this.totalSteps,
      pctStart: this.pctStart,
      threePhase: this.threePhase,
      annealStrategy: this.annealStrategy,
      cycleMomentum: this.cycleMomentum,
      initialLrs: column('initialLr'),
      maxLrs: column('maxLr'),
      minLrs: column('minLr'),
      maxMomentums: column('maxMomentum'),
      baseMomentums: column('baseMomentum'),
    };
  }

  protected readOwnState(read: StateReader): () => void {
    const totalSteps = read.get('totalSteps', positiveInteger);
    const pctStart = read.get('pctStart', numberIn(0, 1));
    const threePhase = read.get('threePhase', aBoolean);
    const annealStrategy = read.get('annealStrategy', annealStrategies);
    const cycleMomentum = read.get('cycleMomentum', aBoolean);
    const column = (key: string) => read.get(key, numberList(this.optimizer.paramGroups.length));
    const [initialLrs, maxLrs, minLrs] = [column('initialLrs'), column('maxLrs'), column('minLrs')];
    const [maxMomentums, baseMomentums] = [column('maxMomentums'), column('baseMomentums')];
    return () => {
      Object.assign(this, { totalSteps, pctStart, threePhase, annealStrategy, cycleMomentum });
      this.phases = schedulePhases(totalSteps, pctStart, threePhase);
      this.values = initialLrs.map((initialLr, i) => ({
        initialLr,
        maxLr: maxLrs[i]!,
        minLr: minLrs[i]!,
        maxMomentum: maxMomentums[i]!,
        baseMomentum: baseMomentums[i]!,
      }));
    };
  }
}

function schedulePhases(totalSteps: number, pctStart: number, threePhase: boolean): Phase[] {
  const warmEnd = pctStart * totalSteps - 1;
  if (threePhase) {
    return [
      { endStep: warmEnd, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
      {
        endStep: 2 * pctStart * totalSteps - 2,
        startLr: 'maxLr',
        endLr: 'initialLr',
        startMomentum: 'baseMomentum',
        endMomentum: 'maxMomentum',
      },
      { endStep: totalSteps - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: 'maxMomentum', endMomentum: 'maxMomentum' },
    ];
  }
  return [
    { endStep: warmEnd, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
    { endStep: totalSteps - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
  ];
}

function annealCos(start: number, end: number, pct: number): number {
  const cosOut = cosine(Math.PI * pct) + 1;
  return end + ((start - end) / 2.0) * cosOut;
}

function annealLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}
