import { describe, expect, it } from 'vitest';
import { setBackend } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { CosineAnnealingLR, OneCycleLR, StepLR } from '../src/index.js';
import { disposedAfterEachTest, momentumOf, schedulerCases, schedulerFor, stepFor } from './helpers/schedulers.js';

setBackend(cpu());

const optimizerFor = disposedAfterEachTest();

// PyTorch's schedulers compute in float64 in the same order, so the rates must be equal, not close.
describe("schedulers print PyTorch's learning rates and momenta exactly", () => {
  for (const c of schedulerCases) {
    it(`${c.name}: ${c.scheduler} ${JSON.stringify(c.options)} over ${c.steps} steps`, () => {
      const opt = optimizerFor(c.optimizer, c.groupLrs);
      const sched = schedulerFor(c, opt);
      const lrs = [sched.getLastLr()];
      const momentums = [opt.paramGroups.map(momentumOf)];
      for (let s = 0; s < c.steps; s++) {
        opt.step();
        stepFor(c, sched, s);
        lrs.push(sched.getLastLr());
        momentums.push(opt.paramGroups.map(momentumOf));
      }
      expect(lrs).toEqual(c.lrs);
      expect(momentums).toEqual(c.momentums);
      expect(opt.paramGroups.map((g) => g.lr)).toEqual(c.lrs[c.steps]);
    });
  }
});

describe('scheduler behaviour', () => {
  it('sets the live paramGroups[i].lr the optimizer uses', () => {
    const opt = optimizerFor('SGD', [0.1]);
    const sched = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
    sched.step();
    expect(opt.paramGroups[0]!.lr).toBe(0.05);
    expect(sched.getLastLr()).toEqual([0.05]);
  });

  it('OneCycleLR sets the initial lr maxLr / divFactor at construction', () => {
    const opt = optimizerFor('SGD', [0.3]);
    new OneCycleLR(opt, { maxLr: 1, totalSteps: 10, divFactor: 4 });
    expect(opt.paramGroups[0]!.lr).toBe(0.25);
    expect(opt.paramGroups[0]!.initialLr).toBe(0.25);
  });

  it('records each group initial lr, which a second scheduler keeps', () => {
    const opt = optimizerFor('SGD', [0.1]);
    const first = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
    first.step();
    const second = new CosineAnnealingLR(opt, { tMax: 4 });
    expect(second.baseLrs).toEqual([0.1]);
  });

  it('OneCycleLR throws when stepped past totalSteps', () => {
    const sched = new OneCycleLR(optimizerFor('SGD', [0.1]), { maxLr: 0.1, totalSteps: 3 });
    for (let s = 0; s < 3; s++) sched.step();
    expect(() => sched.step()).toThrow('OneCycleLR: tried to step 5 times (counting the one in the constructor) but totalSteps is 3');
  });

  it('OneCycleLR rejects cycleMomentum on an optimizer without momentum or betas', () => {
    expect(() => new OneCycleLR(optimizerFor('Adagrad', [0.1]), { maxLr: 0.1, totalSteps: 10 })).toThrow(
      'OneCycleLR: cycleMomentum needs an optimizer with momentum or betas, but Adagrad has neither (pass cycleMomentum: false)',
    );
  });

  it('OneCycleLR rejects a per-group maxLr list of the wrong length', () => {
    expect(() => new OneCycleLR(optimizerFor('SGD', [0.1]), { maxLr: [0.1, 0.2], totalSteps: 10 })).toThrow(
      'OneCycleLR: maxLr is [0.1,0.2] (expected a number or 1 numbers, one per param group)',
    );
  });

  it('rejects invalid options', () => {
    const opt = optimizerFor('SGD', [0.1]);
    expect(() => new StepLR(opt, { stepSize: 0 })).toThrow('StepLR: stepSize is 0 (expected a positive integer)');
    expect(() => new CosineAnnealingLR(opt, { tMax: 0 })).toThrow('CosineAnnealingLR: tMax is 0 (expected a number > 0)');
    expect(() => new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 2.5 })).toThrow(
      'OneCycleLR: totalSteps is 2.5 (expected a positive integer)',
    );
    expect(() => new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 10, pctStart: 1.5 })).toThrow(
      'OneCycleLR: pctStart is 1.5 (expected a number in [0, 1])',
    );
    expect(() => new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 10, annealStrategy: 'exp' as 'cos' })).toThrow(
      "OneCycleLR: annealStrategy is \"exp\" (expected 'cos' or 'linear')",
    );
  });
});
