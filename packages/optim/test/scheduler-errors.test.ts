import { describe, expect, it } from 'vitest';
import { setBackend } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import {
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  CyclicLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  MultiStepLR,
  ReduceLROnPlateau,
  SequentialLR,
  StepLR,
  type LRScheduler,
  type LrLambda,
} from '../src/index.js';
import { disposedAfterEachTest, momentumOf } from './helpers/schedulers.js';

setBackend(cpu());

const optimizerFor = disposedAfterEachTest();

describe('scheduler options are checked, naming the scheduler, option, expectation and value', () => {
  it('MultiStepLR: milestones must be increasing integers', () => {
    const opt = optimizerFor('SGD');
    expect(() => new MultiStepLR(opt, { milestones: [5, 3] })).toThrow(
      'MultiStepLR: milestones is [5,3] (expected increasing integers, but milestones[1] = 3 is not above milestones[0] = 5)',
    );
    expect(() => new MultiStepLR(opt, { milestones: [2, 2] })).toThrow('milestones[1] = 2 is not above milestones[0] = 2');
    expect(() => new MultiStepLR(opt, { milestones: [1, 2.5] })).toThrow('MultiStepLR: milestones[1] is 2.5 (expected an integer >= 0)');
    expect(() => new MultiStepLR(opt, { milestones: 3 as unknown as number[] })).toThrow(
      'MultiStepLR: milestones is 3 (expected an array of increasing integers >= 0)',
    );
  });

  it('a failed constructor leaves the optimizer lrs as they were', () => {
    const opt = optimizerFor('SGD', [0.3]);
    expect(() => new MultiStepLR(opt, { milestones: [4, 1] })).toThrow();
    expect(() => new CyclicLR(opt, { baseLr: 0.01, maxLr: 0.1, mode: 'triangle' as 'triangular' })).toThrow();
    expect(opt.paramGroups[0]!.lr).toBe(0.3);
    expect(momentumOf(opt.paramGroups[0]!)).toBe(0.9);
    expect(opt.paramGroups[0]!.initialLr).toBeUndefined();
  });

  it('ExponentialLR and LinearLR', () => {
    const opt = optimizerFor('SGD');
    expect(() => new ExponentialLR(opt, {} as { gamma: number })).toThrow('ExponentialLR: gamma is undefined (expected a number)');
    expect(() => new LinearLR(opt, { startFactor: 0 })).toThrow('LinearLR: startFactor is 0 (expected a number in (0, 1])');
    expect(() => new LinearLR(opt, { endFactor: 1.5 })).toThrow('LinearLR: endFactor is 1.5 (expected a number in [0, 1])');
    expect(() => new LinearLR(opt, { totalIters: 0 })).toThrow('LinearLR: totalIters is 0 (expected a positive integer)');
  });

  it('LambdaLR: one function, or one per group, returning numbers', () => {
    const opt = optimizerFor('SGD', [0.1, 0.2]);
    expect(() => new LambdaLR(opt, { lrLambda: 0.5 as unknown as LrLambda })).toThrow(
      'LambdaLR: lrLambda is 0.5 (expected a function, or 2 functions, one per param group)',
    );
    expect(() => new LambdaLR(opt, { lrLambda: [() => 1] })).toThrow(
      'LambdaLR: lrLambda is [function] (expected a function, or 2 functions, one per param group)',
    );
    const sched = new LambdaLR(opt, { lrLambda: [() => 1, (e) => (e < 1 ? 1 : (undefined as unknown as number))] });
    expect(() => sched.step()).toThrow('LambdaLR: lrLambda for paramGroups[1] returned undefined at epoch 1 (expected a number)');
  });

  it('SequentialLR: schedulers of the same optimizer, one more than increasing milestones', () => {
    const opt = optimizerFor('SGD');
    const other = optimizerFor('SGD');
    const warmup = new LinearLR(opt, { totalIters: 2 });
    const main = new ExponentialLR(opt, { gamma: 0.9 });
    expect(() => new SequentialLR(opt, { schedulers: [warmup, main], milestones: [] })).toThrow(
      'SequentialLR: milestones has 0 entries for 2 schedulers (expected 1, one fewer than the schedulers)',
    );
    expect(() => new SequentialLR(opt, { schedulers: [warmup, main, new StepLR(opt, { stepSize: 2 })], milestones: [4, 2] })).toThrow(
      'SequentialLR: milestones is [4,2] (expected increasing integers, but milestones[1] = 2 is not above milestones[0] = 4)',
    );
    expect(() => new SequentialLR(opt, { schedulers: [warmup, new StepLR(other, { stepSize: 2 })], milestones: [2] })).toThrow(
      'SequentialLR: schedulers[1] (StepLR) steps another optimizer (expected every scheduler to be built on the optimizer given to SequentialLR)',
    );
    const plateau = new ReduceLROnPlateau(opt) as unknown as LRScheduler;
    expect(() => new SequentialLR(opt, { schedulers: [warmup, plateau], milestones: [2] })).toThrow(
      'SequentialLR: schedulers[1] is ReduceLROnPlateau (expected an epoch scheduler such as LinearLR or CosineAnnealingLR; ReduceLROnPlateau and SequentialLR cannot be nested)',
    );
    expect(() => new SequentialLR(opt, { schedulers: [], milestones: [] })).toThrow(
      'SequentialLR: schedulers is [] (expected a non-empty array of schedulers)',
    );
    expect(() => new SequentialLR(opt, { schedulers: [warmup, main], milestones: [0] })).toThrow(
      'SequentialLR: milestones[0] is 0 (expected an integer >= 1)',
    );
  });

  it('CosineAnnealingWarmRestarts', () => {
    const opt = optimizerFor('SGD');
    expect(() => new CosineAnnealingWarmRestarts(opt, { t0: 2.5 })).toThrow(
      'CosineAnnealingWarmRestarts: t0 is 2.5 (expected a positive integer)',
    );
    expect(() => new CosineAnnealingWarmRestarts(opt, { t0: 5, tMult: 0 })).toThrow(
      'CosineAnnealingWarmRestarts: tMult is 0 (expected a positive integer)',
    );
    const sched = new CosineAnnealingWarmRestarts(opt, { t0: 5 });
    expect(() => sched.step(-1)).toThrow('CosineAnnealingWarmRestarts.step: epoch is -1 (expected a number >= 0)');
  });

  it('CyclicLR: modes as PyTorch spells them, and momentum cycling only with a momentum option', () => {
    expect(() => new CyclicLR(optimizerFor('SGD'), { baseLr: 0.01, maxLr: 0.1, mode: 'triangle' as 'triangular' })).toThrow(
      "CyclicLR: mode is \"triangle\" (expected 'triangular', 'triangular2' or 'exp_range')",
    );
    expect(() => new CyclicLR(optimizerFor('SGD'), { baseLr: 0.01, maxLr: 0.1, mode: 'expRange' as 'exp_range' })).toThrow(
      "CyclicLR: mode is \"expRange\" (expected 'triangular', 'triangular2' or 'exp_range')",
    );
    expect(
      () => new CyclicLR(optimizerFor('SGD'), { baseLr: 0.01, maxLr: 0.1, scaleFn: (x) => 1 / x, scaleMode: 'epochs' as 'cycle' }),
    ).toThrow("CyclicLR: scaleMode is \"epochs\" (expected 'cycle' or 'iterations')");
    expect(() => new CyclicLR(optimizerFor('Adam'), { baseLr: 0.001, maxLr: 0.01 })).toThrow(
      'CyclicLR: cycleMomentum needs an optimizer with a momentum option, but Adam has none (pass cycleMomentum: false)',
    );
    expect(() => new CyclicLR(optimizerFor('SGD', [0.1, 0.1]), { baseLr: [0.01], maxLr: 0.1 })).toThrow(
      'CyclicLR: baseLr is [0.01] (expected a number or 2 numbers, one per param group)',
    );
    expect(() => new CyclicLR(optimizerFor('SGD'), { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 0 })).toThrow(
      'CyclicLR: stepSizeUp is 0 (expected a number > 0)',
    );
  });

  it('ReduceLROnPlateau', () => {
    const opt = optimizerFor('SGD');
    expect(() => new ReduceLROnPlateau(opt, { mode: 'minimum' as 'min' })).toThrow(
      "ReduceLROnPlateau: mode is \"minimum\" (expected 'min' or 'max')",
    );
    expect(() => new ReduceLROnPlateau(opt, { thresholdMode: 'relative' as 'rel' })).toThrow(
      "ReduceLROnPlateau: thresholdMode is \"relative\" (expected 'rel' or 'abs')",
    );
    expect(() => new ReduceLROnPlateau(opt, { factor: 1 })).toThrow('ReduceLROnPlateau: factor is 1 (expected a number in [0, 1))');
    expect(() => new ReduceLROnPlateau(opt, { patience: -1 })).toThrow('ReduceLROnPlateau: patience is -1 (expected an integer >= 0)');
    expect(() => new ReduceLROnPlateau(opt, { minLr: [0, 0] })).toThrow(
      'ReduceLROnPlateau: minLr is [0,0] (expected a number or 1 numbers, one per param group)',
    );
    const sched = new ReduceLROnPlateau(opt);
    expect(() => sched.step('0.5' as unknown as number)).toThrow(
      'ReduceLROnPlateau.step: metric is "0.5" (expected a number, such as the validation loss)',
    );
  });
});

describe('loadStateDict refuses a state dict that does not fit, and changes nothing', () => {
  it("another scheduler's state dict", () => {
    const opt = optimizerFor('SGD');
    const step = new StepLR(opt, { stepSize: 3 });
    const cosine = new CosineAnnealingLR(opt, { tMax: 10 });
    const before = cosine.stateDict();
    expect(() => cosine.loadStateDict(step.stateDict())).toThrow(
      'CosineAnnealingLR.loadStateDict: stateDict.tMax is undefined (expected a number > 0)',
    );
    expect(cosine.stateDict()).toEqual(before);
  });

  it('a state dict for another number of param groups', () => {
    const sd = new ExponentialLR(optimizerFor('SGD', [0.1, 0.2]), { gamma: 0.5 }).stateDict();
    expect(() => new ExponentialLR(optimizerFor('SGD'), { gamma: 0.5 }).loadStateDict(sd)).toThrow(
      'ExponentialLR.loadStateDict: stateDict.baseLrs is [0.1,0.2] (expected 1 numbers, one per param group)',
    );
  });

  it('something that is not a state dict', () => {
    const sched = new StepLR(optimizerFor('SGD'), { stepSize: 2 });
    expect(() => sched.loadStateDict(null as never)).toThrow(
      'StepLR.loadStateDict: stateDict is null (expected an object, as stateDict() returns)',
    );
    expect(() => sched.loadStateDict({ ...sched.stateDict(), lastEpoch: 1.5 })).toThrow(
      'StepLR.loadStateDict: stateDict.lastEpoch is 1.5 (expected an integer >= -1)',
    );
  });

  it('ReduceLROnPlateau: a state dict with an unknown mode', () => {
    const sched = new ReduceLROnPlateau(optimizerFor('SGD'));
    expect(() => sched.loadStateDict({ ...sched.stateDict(), mode: 'up' })).toThrow(
      "ReduceLROnPlateau.loadStateDict: stateDict.mode is \"up\" (expected 'min' or 'max')",
    );
    expect(sched.mode).toBe('min');
  });

  it('CyclicLR: a momentum-cycling state on an optimizer without momentum', () => {
    const sgd = new CyclicLR(optimizerFor('SGD'), { baseLr: 0.01, maxLr: 0.1 });
    const adam = new CyclicLR(optimizerFor('Adam'), { baseLr: 0.001, maxLr: 0.01, cycleMomentum: false });
    expect(() => adam.loadStateDict(sgd.stateDict())).toThrow(
      'CyclicLR.loadStateDict: stateDict.cycleMomentum is true but Adam has no momentum option (expected a state dict saved with cycleMomentum: false)',
    );
  });

  it('SequentialLR: a nested state that does not fit restores the others', () => {
    const opt = optimizerFor('SGD');
    const make = () =>
      new SequentialLR(opt, { schedulers: [new LinearLR(opt, { totalIters: 2 }), new StepLR(opt, { stepSize: 2 })], milestones: [2] });
    const source = make();
    for (let s = 0; s < 5; s++) source.step();
    const target = make();
    const before = JSON.stringify(target.stateDict());
    const sd = source.stateDict();
    const broken = { ...sd, schedulers: [(sd.schedulers as object[])[0]!, { lastEpoch: 0 }] };
    expect(() => target.loadStateDict(broken as never)).toThrow(
      'StepLR.loadStateDict: stateDict.baseLrs is undefined (expected 1 numbers, one per param group)',
    );
    expect(JSON.stringify(target.stateDict())).toBe(before);
  });
});
