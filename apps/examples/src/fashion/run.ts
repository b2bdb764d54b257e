import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { manualSeed } from '@stride/core-tensor';
import { DataLoader, type LabeledImages } from '@stride/data-mnist-cifar';
import { BestCheckpoint, EarlyStopping, saveCheckpoint } from '@stride/optim';
import { loadCheckpointFile, saveCheckpointFile } from '@stride/optim/fs';
import { resnet20, type CifarResNet } from '@stride/zoo';
import { formatSeconds } from '../progress.js';
import { trainTransform } from './augment.js';
import { accuracy } from './evaluate.js';
import { evaluateOnTest, percent, type TestResults } from './final-evaluation.js';
import { cycleEnds, makeTraining, type Recipe } from './recipe.js';
import { checkSameRecipe, fromMeta, toMeta, type EpochRecord, type RunState } from './run-state.js';
import { trainEpoch } from './train-epoch.js';

export interface FashionData {
  train: LabeledImages;
  val: LabeledImages;
  test: LabeledImages;
}

export interface RunOptions {
  /** Where last.safetensors (every epoch), best.safetensors and the snapshots go. */
  out: string;
  /** A last.safetensors to continue from. */
  resume?: string;
  /** Stop after this epoch (counted from 1) as an interrupted run would, without the test evaluation. */
  stopAfter?: number;
  log?: (line: string) => void;
}

export interface FashionResult {
  history: EpochRecord[];
  /** EarlyStopping ended the run before `epochs`. */
  stoppedEarly: boolean;
  /** The test-set numbers; null when stopAfter interrupted the run. */
  test: TestResults | null;
  /** Seconds spent training in this process, and the training throughput. */
  trainingSeconds: number;
  imagesPerSecond: number;
}

export const LAST = 'last.safetensors';
export const BEST = 'best.safetensors';
/** The initial weights, for scripts/train_fashion.py --init (the same start in PyTorch). */
export const INIT = 'init.safetensors';

/**
 * The whole recipe: resnet20 on one channel, the augmented loader, SGD with Nesterov momentum and
 * warm restarts stepped per batch, validation accuracy after each epoch driving EarlyStopping and
 * BestCheckpoint, a snapshot at the end of every cycle, a checkpoint every epoch, and at the end
 * the test accuracy of the best model and of the snapshot ensemble.
 */
export async function runFashion(data: FashionData, recipe: Recipe, opts: RunOptions): Promise<FashionResult> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const out = opts.out;
  await mkdir(out, { recursive: true });
  const numClasses = data.train.numClasses;
  const makeModel = (): CifarResNet => resnet20({ inChannels: 1, numClasses });

  manualSeed(recipe.seed);
  const model = makeModel();
  const training = makeTraining(model, recipe);
  const loader = new DataLoader({
    dataset: data.train,
    batchSize: recipe.batchSize,
    shuffle: true,
    seed: recipe.seed,
    dropLast: true,
    transform: trainTransform({ mixupAlpha: recipe.mixup, numClasses }),
  });
  const stopper = new EarlyStopping({ mode: 'max', patience: recipe.patience });
  const best = new BestCheckpoint<Uint8Array>({ mode: 'max' });
  let state: RunState = {
    recipe,
    trainImages: data.train.length,
    earlyStopping: stopper.stateDict(),
    best: null,
    snapshots: [],
    history: [],
  };
  let start = 0;
  if (!opts.resume) await saveCheckpointFile(join(out, INIT), { model, epoch: 0 });
  if (opts.resume) {
    const file = opts.resume;
    const info = await loadCheckpointFile(file, { model, optimizer: training.opt, scheduler: training.schedule });
    state = fromMeta(info.meta, file);
    checkSameRecipe(state, recipe, data.train.length, file);
    state.recipe = recipe;
    start = info.epoch ?? 0;
    stopper.loadStateDict(state.earlyStopping);
    await bringAlong(dirname(file), out, [state.best, ...state.snapshots]);
    if (state.best) best.update(state.best.valAccuracy, new Uint8Array(await readFile(join(out, state.best.file))));
    log(`resumed from ${file} after epoch ${start} (best val acc so far ${state.best ? percent(state.best.valAccuracy) : 'none'})`);
  }
  // Epoch e's order and augmentation depend only on (seed, e): this is all the data loader's state.
  loader.epoch = start;

  const ends = cycleEnds(recipe);
  const imagesPerEpoch = loader.length * recipe.batchSize;
  let stoppedEarly = stopper.shouldStop;
  let interrupted = false;
  let trainingSeconds = 0;
  let trainedImages = 0;
  for (let epoch = start; epoch < recipe.epochs && !stoppedEarly; epoch++) {
    const number = epoch + 1;
    const run = { done: (epoch - start) * imagesPerEpoch, total: (recipe.epochs - start) * imagesPerEpoch };
    const stats = await trainEpoch(model, training, loader, epoch, `epoch ${number}/${recipe.epochs}`, run);
    trainingSeconds += stats.seconds;
    trainedImages += stats.imagesPerSecond * stats.seconds;
    const valAccuracy = await accuracy(model, data.val);
    const lr = training.schedule.getLastLr()[0]!;
    state.history.push({ epoch: number, trainLoss: stats.loss, trainAccuracy: stats.accuracy, valAccuracy, lr });

    const notes: string[] = [];
    if (best.wouldKeep(valAccuracy)) {
      const meta = { valAccuracy };
      best.update(valAccuracy, saveCheckpoint({ model, epoch: number, meta }));
      await saveCheckpointFile(join(out, BEST), { model, epoch: number, meta });
      state.best = { epoch: number, file: BEST, valAccuracy };
      notes.push('best so far, saved');
    }
    if (ends.includes(number)) {
      const file = `snapshot-epoch${number}.safetensors`;
      await saveCheckpointFile(join(out, file), { model, epoch: number });
      state.snapshots.push({ epoch: number, file });
      notes.push(`cycle ends: snapshot ${state.snapshots.length}`);
    }
    stoppedEarly = stopper.step(valAccuracy);
    state.earlyStopping = stopper.stateDict();
    if (stoppedEarly) notes.push(`early stop: no better val acc for ${stopper.numBadEpochs} epochs`);
    await saveCheckpointFile(join(out, LAST), {
      model,
      optimizer: training.opt,
      scheduler: training.schedule,
      epoch: number,
      meta: toMeta(state),
    });
    log(
      `epoch ${number}: train loss ${stats.loss.toFixed(4)}, train acc ${percent(stats.accuracy)}, val acc ${percent(valAccuracy)}, ` +
        `lr ${lr.toFixed(5)}, ${stats.imagesPerSecond.toFixed(0)} img/s, ${formatSeconds(stats.seconds)}${notes.length ? ` (${notes.join('; ')})` : ''}`,
    );
    if (opts.stopAfter === number && number < recipe.epochs) {
      interrupted = true;
      log(`stopped after epoch ${number} as asked; continue with --resume ${join(out, LAST)}`);
      break;
    }
  }

  const test = interrupted
    ? null
    : await evaluateOnTest({
        model,
        makeModel,
        test: data.test,
        best: state.best ? { epoch: state.best.epoch, valAccuracy: state.best.valAccuracy, bytes: best.best!.state } : undefined,
        snapshots: state.snapshots,
        count: recipe.snapshots,
        dir: out,
        log,
      });
  model.dispose();
  training.opt.dispose();
  return {
    history: state.history,
    stoppedEarly,
    test,
    trainingSeconds,
    imagesPerSecond: trainingSeconds > 0 ? trainedImages / trainingSeconds : 0,
  };
}

/** Copies the saved models a resumed run still needs into its output directory, when that is another one. */
async function bringAlong(from: string, to: string, saved: readonly ({ file: string } | null)[]): Promise<void> {
  if (resolve(from) === resolve(to)) return;
  for (const s of saved) if (s) await copyFile(join(from, s.file), join(to, s.file));
}
