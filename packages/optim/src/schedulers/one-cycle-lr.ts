import { cosine } from './cosine.js';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler.js';

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

/**
 * The 1cycle policy, as torch.optim.lr_scheduler.OneCycleLR: the lr rises from maxLr/divFactor
 * to maxLr over pctStart of totalSteps, then falls to initialLr/finalDivFactor (with threePhase,
 * it first falls back to the initial lr, symmetrically, then to the minimum). Momentum (or Adam's
 * beta1) moves the opposite way between maxMomentum and baseMomentum. Step once per batch; a
 * step past totalSteps throws.
 */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  readonly annealStrategy: 'cos' | 'linear';
  readonly cycleMomentum: boolean;
  private readonly phases: Phase[];
  private readonly values: CycleValues[];

  constructor(optimizer: SchedulableOptimizer, options: OneCycleLROptions) {
    const {
      maxLr, totalSteps, pctStart = 0.3, annealStrategy = 'cos', divFactor = 25, finalDivFactor = 1e4,
      cycleMomentum = true, baseMomentum = 0.85, maxMomentum = 0.95, threePhase = false,
    } = options;
    const maxLrs = perGroup('maxLr', optimizer, maxLr);
    super(optimizer, maxLrs.map((m) => m / divFactor));
    if (!Number.isInteger(totalSteps) || totalSteps <= 0) {
      throw new Error(`OneCycleLR: totalSteps is ${String(totalSteps)} (expected a positive integer)`);
    }
    if (typeof pctStart !== 'number' || !(pctStart >= 0 && pctStart <= 1)) {
      throw new Error(`OneCycleLR: pctStart is ${String(pctStart)} (expected a number in [0, 1])`);
    }
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') {
      throw new Error(`OneCycleLR: annealStrategy is ${JSON.stringify(annealStrategy)} (expected 'cos' or 'linear')`);
    }
    if (cycleMomentum && !hasMomentum(optimizer.defaults) && !hasBetas(optimizer.defaults)) {
      throw new Error(`OneCycleLR: cycleMomentum needs an optimizer with momentum or betas, but ${optimizer.name} has neither (pass cycleMomentum: false)`);
    }
    this.totalSteps = totalSteps;
    this.annealStrategy = annealStrategy;
    this.cycleMomentum = cycleMomentum;
    this.phases = schedulePhases(totalSteps, pctStart, threePhase);
    const maxMomenta = perGroup('maxMomentum', optimizer, maxMomentum);
    const baseMomenta = perGroup('baseMomentum', optimizer, baseMomentum);
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
      throw new Error(`OneCycleLR: tried to step ${stepNum + 1} times (counting the one in the constructor) but totalSteps is ${this.totalSteps}`);
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
}

function schedulePhases(totalSteps: number, pctStart: number, threePhase: boolean): Phase[] {
  const warmEnd = pctStart * totalSteps - 1;
  if (threePhase) {
    return [
      { endStep: warmEnd, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
      { endStep: 2 * pctStart * totalSteps - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
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

/** One value per param group, from a number or a per-group list (PyTorch's _format_param). */
function perGroup(name: string, optimizer: SchedulableOptimizer, value: number | readonly number[]): number[] {
  const n = optimizer.paramGroups.length;
  if (typeof value === 'number') return new Array<number>(n).fill(value);
  if (!Array.isArray(value) || value.length !== n || value.some((v) => typeof v !== 'number')) {
    throw new Error(`OneCycleLR: ${name} is ${JSON.stringify(value)} (expected a number or ${n} numbers, one per param group)`);
  }
  return [...value];
}

function hasBetas(g: object): g is { betas: [number, number] } {
  return 'betas' in g && Array.isArray(g.betas);
}

function hasMomentum(g: object): g is { momentum: number } {
  return 'momentum' in g && typeof g.momentum === 'number';
}

/** Adam-style optimizers cycle beta1, the others momentum, as PyTorch's use_beta1. */
function setMomentum(group: object, m: number): void {
  if (hasBetas(group)) group.betas = [m, group.betas[1]];
  else if (hasMomentum(group)) group.momentum = m;
}
