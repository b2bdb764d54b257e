// Trains resnet20 (one input channel) on Fashion-MNIST with the course's training chapter in one
// recipe: a seeded 5,000-image validation split, crop/flip/erasing augmentation (mixup with
// --mixup), SGD with Nesterov momentum and cosine warm restarts stepped per batch, early stopping
// on validation accuracy, the best checkpoint kept, a snapshot at the end of every cycle and a
// snapshot ensemble on the test set. Every epoch writes DIR/last.safetensors; --resume continues
// from it bit for bit.
//
//   node dist/train-fashion.js [--epochs 15] [--batch-size 128] [--lr 0.1] [--t0 5] [--t-mult 1]
//        [--mixup ALPHA] [--patience 10] [--snapshots 3] [--limit N] [--eval-limit N] [--val-size 5000]
//        [--out fashion-run] [--resume DIR/last.safetensors] [--stop-after EPOCH] [--seed 0] [--data DIR]
//
// The data are Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist) unless --data
// names a directory with the four IDX files. scripts/train_fashion.py is the same recipe in PyTorch.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setBackend } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { loadFashionMnist } from '@stride/data-mnist-cifar';
import { parseArgs, runtimeArgs } from './src/args.js';
import { firstOf, splitValidation } from './src/fashion/data.js';
import { FASHION_FLAGS, parseFashionCommand } from './src/fashion/options.js';
import { cycleEnds } from './src/fashion/recipe.js';
import { runFashion } from './src/fashion/run.js';
import { formatSeconds } from './src/progress.js';

const started = performance.now();
const command = parseFashionCommand(parseArgs('train-fashion', runtimeArgs(), FASHION_FLAGS));
const { recipe } = command;

setBackend(cpu());
const source = command.data ? { dir: command.data } : {};
const all = await loadFashionMnist({ ...source, split: 'train' });
const split = splitValidation(all, command.valSize, recipe.seed);
const train = command.limit === undefined ? split.train : firstOf(split.train, command.limit);
const evalLimit = command.evalLimit ?? Infinity;
const val = firstOf(split.val, evalLimit);
const test = firstOf(await loadFashionMnist({ ...source, split: 'test' }), evalLimit);
console.log(`Fashion-MNIST: ${train.length} training, ${val.length} validation (seed ${recipe.seed}) and ${test.length} test images`);
console.log(
  `resnet20 (1 input channel), SGD lr ${recipe.lr} Nesterov momentum 0.9 weight decay 5e-4, batch ${recipe.batchSize}, ` +
    `${recipe.epochs} epochs; warm restarts t0 ${recipe.t0} tMult ${recipe.tMult} (cycles end after epochs ${cycleEnds(recipe).join(', ') || 'none'}); ` +
    `crop (padding 4), flip, erasing${recipe.mixup !== undefined ? `, mixup alpha ${recipe.mixup}` : ''}; ` +
    `early stopping patience ${recipe.patience}; ensemble of the last ${recipe.snapshots} snapshots; writing to ${command.out}`,
);

const result = await runFashion({ train, val, test }, recipe, {
  out: command.out,
  resume: command.resume,
  stopAfter: command.stopAfter,
});
console.log(
  `trained ${result.history.length} epoch${result.history.length === 1 ? '' : 's'} in all${result.stoppedEarly ? ' (stopped early)' : ''}; this process: ` +
    `${formatSeconds(result.trainingSeconds)} of training, ${result.imagesPerSecond.toFixed(0)} img/s`,
);
if (result.test?.ensemble && result.test.best) {
  const gain = 100 * (result.test.ensemble.testAccuracy - result.test.best.testAccuracy);
  console.log(
    `the ensemble is ${gain >= 0 ? `${gain.toFixed(2)} points above` : `${(-gain).toFixed(2)} points below`} the best single model`,
  );
}
const wallSeconds = (performance.now() - started) / 1000;
console.log(`wall time ${formatSeconds(wallSeconds)}; summary in ${join(command.out, 'summary.json')}`);
await writeFile(join(command.out, 'summary.json'), `${JSON.stringify({ recipe, ...result, wallSeconds }, null, 2)}\n`);
