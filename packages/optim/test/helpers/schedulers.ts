import { tensor, type Tensor } from '@stride/core-tensor';
import {
  Adagrad,
  Adam,
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  CyclicLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  type LRScheduler,
  MultiStepLR,
  OneCycleLR,
  ReduceLROnPlateau,
  SequentialLR,
  SGD,
  StepLR,
  type Hyperparameters,
  type LrLambda,
  type Optimizer,
  type ParamState,
  type Scheduler,
  type SchedulableOptimizer,
} from '../../src/index.js';
import { readFixture } from './fixtures.js';
import { expectNoLeaks } from './no-leaks.js';

type Options = Record<string, unknown>;
export interface SchedulerSpec {
  scheduler: string;
  options: Options;
}
export interface SchedulerCase extends SchedulerSpec {
  name: string;
  optimizer: 'SGD' | 'Adam';
  groupLrs: number[];
  steps: number;
  /** ReduceLROnPlateau's metric for each step. */
  metrics?: number[];
  /** CosineAnnealingWarmRestarts' step(epoch) argument for each step. */
  epochs?: number[];
  lrs: number[][];
  momentums: number[][];
}

export const schedulerCases = readFixture<{ cases: SchedulerCase[] }>('schedulers.json').cases;

// The functions scripts/gen_fixtures.py names, written the same way (same float operations).
const LAMBDAS: Record<string, LrLambda> = {
  inverse: (e) => 1.0 / (e + 1),
  'warmup-4': (e) => Math.min(1.0, (e + 1) / 4),
  'halve-every-3': (e) => 1.0 / 2 ** Math.floor(e / 3),
};
const SCALE_FNS: Record<string, (x: number) => number> = {
  'inverse-tenth': (x) => 1.0 / (1.0 + 0.1 * x),
};

/** Any of the optimizers, as the scheduler tests use them: param groups and state dicts. */
type Optim = Optimizer<Hyperparameters, ParamState>;

/** An optimizer with one single-parameter group per lr, as the generator builds it in PyTorch. */
export function optimizerFor(kind: 'SGD' | 'Adam' | 'Adagrad', lrs: readonly number[]): { opt: Optim; params: Tensor[] } {
  const params = lrs.map(() => tensor([0], [1], { requiresGrad: true }));
  const groups = params.map((p, i) => ({ params: [p], lr: lrs[i]! }));
  const opt =
    kind === 'SGD'
      ? new SGD(groups, { lr: 0.1, momentum: 0.9 })
      : kind === 'Adam'
        ? new Adam(groups, { lr: 1e-3, betas: [0.9, 0.999] })
        : new Adagrad(groups);
  return { opt: opt as unknown as Optim, params };
}

/** Builds a fixture's scheduler from its options, naming functions and nested schedulers as the generator does. */
export function schedulerFor(spec: SchedulerSpec, opt: SchedulableOptimizer): Scheduler {
  const o = { ...spec.options };
  if (typeof o.lrLambda === 'string') o.lrLambda = LAMBDAS[o.lrLambda];
  if (Array.isArray(o.lrLambda)) o.lrLambda = o.lrLambda.map((n: string) => LAMBDAS[n]);
  if (typeof o.scaleFn === 'string') o.scaleFn = SCALE_FNS[o.scaleFn];
  if (Array.isArray(o.schedulers)) o.schedulers = (o.schedulers as SchedulerSpec[]).map((s) => schedulerFor(s, opt));
  const options = o as never;
  switch (spec.scheduler) {
    case 'StepLR':
      return new StepLR(opt, options);
    case 'MultiStepLR':
      return new MultiStepLR(opt, options);
    case 'ExponentialLR':
      return new ExponentialLR(opt, options);
    case 'LinearLR':
      return new LinearLR(opt, options);
    case 'LambdaLR':
      return new LambdaLR(opt, options);
    case 'SequentialLR':
      return new SequentialLR(opt, options);
    case 'CosineAnnealingLR':
      return new CosineAnnealingLR(opt, options);
    case 'CosineAnnealingWarmRestarts':
      return new CosineAnnealingWarmRestarts(opt, options);
    case 'CyclicLR':
      return new CyclicLR(opt, options);
    case 'OneCycleLR':
      return new OneCycleLR(opt, options);
    case 'ReduceLROnPlateau':
      return new ReduceLROnPlateau(opt, options);
    default:
      throw new Error(`no scheduler named ${spec.scheduler}`);
  }
}

/** Steps a case's scheduler for its step `s` (0-based), with the metric or epoch the fixture gives. */
export function stepFor(c: SchedulerCase, sched: Scheduler, s: number): void {
  if (sched instanceof ReduceLROnPlateau) sched.step(c.metrics![s]!);
  else if (sched instanceof CosineAnnealingWarmRestarts && c.epochs) sched.step(c.epochs[s]);
  else (sched as LRScheduler).step();
}

export function momentumOf(group: object): number | undefined {
  if ('betas' in group && Array.isArray(group.betas)) return group.betas[0] as number;
  return 'momentum' in group ? (group.momentum as number) : undefined;
}

/**
 * For a test file: an `optimizerFor` whose optimizers and parameters are disposed after each
 * test, which must then leave no tensor alive.
 */
export function disposedAfterEachTest(): (kind: 'SGD' | 'Adam' | 'Adagrad', lrs?: readonly number[]) => Optim {
  let made: ReturnType<typeof optimizerFor>[] = [];
  expectNoLeaks(() => {
    for (const { opt, params } of made) {
      opt.dispose();
      for (const p of params) p.dispose();
    }
    made = [];
  });
  return (kind, lrs = [0.1]) => {
    const m = optimizerFor(kind, lrs);
    made.push(m);
    return m.opt;
  };
}
