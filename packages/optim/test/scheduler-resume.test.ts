import { describe, expect, it } from 'vitest';
import { memory, setBackend } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { disposeStateDict, MultiStepLR } from '../src/index.js';
import { momentumOf, optimizerFor, schedulerCases, schedulerFor, stepFor, type SchedulerCase } from './helpers/schedulers.js';

setBackend(cpu());

/**
 * Stops a case's run after `split` steps, saves both state dicts (through JSON, as a checkpoint
 * carries them), builds a new optimizer and scheduler as at the start, loads both, and returns
 * the lrs and momenta of the rest of the run.
 */
function resumedAt(c: SchedulerCase, split: number): { lrs: number[][]; momentums: (number | undefined)[][] } {
  const first = optimizerFor(c.optimizer, c.groupLrs);
  const sched = schedulerFor(c, first.opt);
  for (let s = 0; s < split; s++) {
    first.opt.step();
    stepFor(c, sched, s);
  }
  const optimizerState = first.opt.stateDict();
  const schedulerState = JSON.parse(
    JSON.stringify(sched.stateDict(), (_k, v: unknown) => (v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v)),
    (_k, v: unknown) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v),
  );
  first.opt.dispose();
  for (const p of first.params) p.dispose();

  const second = optimizerFor(c.optimizer, c.groupLrs);
  const resumed = schedulerFor(c, second.opt);
  second.opt.loadStateDict(optimizerState);
  disposeStateDict(optimizerState);
  resumed.loadStateDict(schedulerState);
  const lrs = [resumed.getLastLr()];
  const momentums = [second.opt.paramGroups.map(momentumOf)];
  for (let s = split; s < c.steps; s++) {
    second.opt.step();
    stepFor(c, resumed, s);
    lrs.push(resumed.getLastLr());
    momentums.push(second.opt.paramGroups.map(momentumOf));
  }
  second.opt.dispose();
  for (const p of second.params) p.dispose();
  return { lrs, momentums };
}

// gen_fixtures.py checks that PyTorch's own resume continues its uninterrupted run exactly, at
// every split; a resumed Stride run must therefore print the uninterrupted PyTorch rates.
describe('a scheduler resumed from stateDict() continues the uninterrupted PyTorch schedule exactly', () => {
  for (const c of schedulerCases) {
    it(`${c.name}: resumed after each of its ${c.steps} steps`, () => {
      const before = memory().numTensors;
      for (let split = 0; split < c.steps; split++) {
        const { lrs, momentums } = resumedAt(c, split);
        expect({ split, lrs }).toEqual({ split, lrs: c.lrs.slice(split) });
        expect({ split, momentums }).toEqual({ split, momentums: c.momentums.slice(split) });
      }
      expect(memory().numTensors).toBe(before);
    });
  }
});

describe('scheduler state dicts', () => {
  it('hold the counters and settings as plain data, never the optimizer', () => {
    const c = schedulerCases.find((x) => x.name === 'sequentiallr-warmup-cosine')!;
    const { opt, params } = optimizerFor(c.optimizer, c.groupLrs);
    const sched = schedulerFor(c, opt);
    for (let s = 0; s < 4; s++) stepFor(c, sched, s);
    expect(sched.stateDict()).toEqual({
      lastEpoch: 4,
      baseLrs: [0.1],
      lastLr: c.lrs[4],
      milestones: [3],
      schedulers: [
        { lastEpoch: 2, baseLrs: [0.1], lastLr: c.lrs[2], startFactor: 0.1, endFactor: 1, totalIters: 3 },
        { lastEpoch: 1, baseLrs: [0.1], lastLr: c.lrs[4], tMax: 8, etaMin: 0 },
      ],
    });
    opt.dispose();
    for (const p of params) p.dispose();
  });

  it('are copies: changing one does not change the scheduler', () => {
    const { opt, params } = optimizerFor('SGD', [0.1]);
    const sched = new MultiStepLR(opt, { milestones: [2, 5, 9] });
    const sd = sched.stateDict();
    (sd.milestones as number[]).push(99);
    (sd.baseLrs as number[])[0] = 5;
    expect(sched.stateDict().milestones).toEqual([2, 5, 9]);
    expect(sched.stateDict().baseLrs).toEqual([0.1]);
    opt.dispose();
    for (const p of params) p.dispose();
  });
});
