import { describe, expect, it } from 'vitest';
import { memory, setBackend, type Tensor } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import type { Sequential } from '@stride/layers';
import {
  Adam,
  AdamW,
  CosineAnnealingWarmRestarts,
  CyclicLR,
  loadCheckpoint,
  OneCycleLR,
  ReduceLROnPlateau,
  saveCheckpoint,
  saveCheckpointAsync,
  SequentialLR,
  LinearLR,
  SGD,
  type Scheduler,
} from '../src/index.js';
import { batches, smallCnn, snapshot, trainStep } from './helpers/training.js';

setBackend(cpu());

interface Optim {
  zeroGrad(): void;
  step(): void;
  dispose(): void;
  readonly name: string;
  stateDict(): never;
  loadStateDict(sd: never): void;
}
interface Recipe {
  name: string;
  /** Freezes part of the model first, as fine-tuning does. */
  freezeConv?: boolean;
  optimizer: (params: Tensor[]) => Optim;
  scheduler: (opt: Optim) => Scheduler;
  /** Steps the scheduler after training step `s` with that step's loss. */
  stepScheduler: (sched: Scheduler, s: number, loss: number) => void;
}

const STEPS = 8;
const RECIPES: Recipe[] = [
  {
    name: 'SGD with nesterov momentum and weight decay, CosineAnnealingWarmRestarts stepped per batch with fractional epochs',
    optimizer: (p) => new SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 5e-4 }) as unknown as Optim,
    scheduler: (o) => new CosineAnnealingWarmRestarts(o as never, { t0: 1, tMult: 2, etaMin: 1e-3 }),
    stepScheduler: (s, i) => (s as CosineAnnealingWarmRestarts).step((i + 1) / 4),
  },
  {
    name: 'Adam with amsgrad, ReduceLROnPlateau on the loss (its best starts at Infinity)',
    optimizer: (p) => new Adam(p, { lr: 0.01, amsgrad: true }) as unknown as Optim,
    scheduler: (o) => new ReduceLROnPlateau(o as never, { patience: 0, factor: 0.5, threshold: 0.05 }),
    stepScheduler: (s, _i, loss) => (s as ReduceLROnPlateau).step(loss),
  },
  {
    name: 'AdamW with OneCycleLR cycling beta1, the conv layer frozen',
    freezeConv: true,
    optimizer: (p) => new AdamW(p, { lr: 0.01 }) as unknown as Optim,
    scheduler: (o) => new OneCycleLR(o as never, { maxLr: 0.05, totalSteps: STEPS }),
    stepScheduler: (s) => (s as OneCycleLR).step(),
  },
  {
    name: 'SGD with CyclicLR cycling momentum, after a LinearLR warmup (SequentialLR)',
    optimizer: (p) => new SGD(p, { lr: 0.05, momentum: 0.9 }) as unknown as Optim,
    scheduler: (o) =>
      new SequentialLR(o as never, {
        schedulers: [
          new LinearLR(o as never, { startFactor: 0.2, totalIters: 2 }),
          new CyclicLR(o as never, { baseLr: 0.01, maxLr: 0.08, stepSizeUp: 2 }),
        ],
        milestones: [3],
      }),
    stepScheduler: (s) => (s as SequentialLR).step(),
  },
];

interface Run {
  params: Record<string, number[]>[];
  lrs: number[][];
  losses: number[];
}

/** Builds the recipe's model (from `seed`), optimizer and scheduler. */
function build(recipe: Recipe, seed: number) {
  const model = smallCnn(seed);
  if (recipe.freezeConv) for (const p of model.at(0).parameters()) p.requiresGrad = false;
  const opt = recipe.optimizer(model.parameters());
  const sched = recipe.scheduler(opt);
  return { model, opt, sched };
}

/** Trains steps [from, to) and records the parameters, lrs and losses after each. */
function train(recipe: Recipe, parts: ReturnType<typeof build>, from: number, to: number, run: Run): void {
  const data = batches();
  for (let s = from; s < to; s++) {
    const loss = trainStep(parts.model as Sequential, parts.opt, data[s % data.length]!);
    recipe.stepScheduler(parts.sched, s, loss);
    run.params.push(snapshot(parts.model));
    run.lrs.push(parts.sched.getLastLr());
    run.losses.push(loss);
  }
  for (const { x, y } of data) [x, y].forEach((t) => t.dispose());
}

function dispose(parts: ReturnType<typeof build>): void {
  parts.opt.dispose();
  parts.model.dispose();
}

describe('a run resumed from a checkpoint is bit-identical to one never stopped', () => {
  for (const recipe of RECIPES) {
    for (const split of [0, 3, 5]) {
      it(`${recipe.name}: checkpoint after ${split} steps, fresh model/optimizer/scheduler, load, continue`, () => {
        const before = memory().numTensors;
        const whole: Run = { params: [], lrs: [], losses: [] };
        const uninterrupted = build(recipe, 1);
        train(recipe, uninterrupted, 0, STEPS, whole);
        dispose(uninterrupted);

        const resumed: Run = { params: [], lrs: [], losses: [] };
        const first = build(recipe, 1);
        train(recipe, first, 0, split, resumed);
        const bytes = saveCheckpoint({
          model: first.model,
          optimizer: first.opt,
          scheduler: first.sched,
          epoch: split,
          meta: { recipe: recipe.name },
        });
        dispose(first);
        // Another seed: everything the continuation needs must come from the checkpoint.
        const second = build(recipe, 7);
        expect(snapshot(second.model)).not.toEqual(whole.params[0]);
        const info = loadCheckpoint(bytes, { model: second.model, optimizer: second.opt, scheduler: second.sched });
        expect(info).toEqual({ epoch: split, meta: { recipe: recipe.name } });
        train(recipe, second, split, STEPS, resumed);
        dispose(second);

        expect(resumed.losses).toEqual(whole.losses);
        expect(resumed.lrs).toEqual(whole.lrs);
        for (let s = 0; s < STEPS; s++) expect({ step: s, params: resumed.params[s] }).toEqual({ step: s, params: whole.params[s] });
        expect(memory().numTensors).toBe(before);
      });
    }
  }

  it('saveCheckpointAsync writes the same bytes as saveCheckpoint', async () => {
    const parts = build(RECIPES[1]!, 3);
    const run: Run = { params: [], lrs: [], losses: [] };
    train(RECIPES[1]!, parts, 0, 2, run);
    const state = { model: parts.model, optimizer: parts.opt, scheduler: parts.sched, epoch: 2 };
    const sync = saveCheckpoint(state);
    expect(await saveCheckpointAsync(state)).toEqual(sync);
    expect(saveCheckpoint(state)).toEqual(sync);
    dispose(parts);
  });
});
