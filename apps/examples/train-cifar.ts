// Trains resnet20 (He et al. 2016, CIFAR variant) on CIFAR-10 with crop-and-flip augmentation.
//
//   node dist/train-cifar.js --data DIR [--epochs 30] [--batch-size 128] [--lr 0.1] [--limit N]
//   node dist/train-cifar.js --synthetic 2000 [--epochs 3]
//
// DIR holds CIFAR-10's binary batches (data_batch_1..5.bin, test_batch.bin), e.g. from
// `download({ dataset: 'cifar10', dir })`. --synthetic N writes N images in the same binary
// format to a temporary directory and trains on them, so the whole path runs without the real
// data; there the run fails unless the loss falls.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualSeed, setBackend } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { loadCifar10 } from '@stride/data-mnist-cifar';
import { resnet20 } from '@stride/zoo';
import { trainCifar } from './src/cifar-training.js';
import { firstImages } from './src/mnist-training.js';
import { writeSyntheticCifar10 } from './src/synthetic-cifar.js';
import { parseArgs, runtimeArgs } from './src/args.js';

const args = parseArgs('train-cifar', runtimeArgs(), ['data', 'synthetic', 'epochs', 'batch-size', 'lr', 'limit']);
const synthetic = args.synthetic !== undefined ? Number(args.synthetic) : undefined;
if (synthetic === undefined && !args.data) throw new Error('train-cifar: pass --data DIR (CIFAR-10 binary batches) or --synthetic N');

setBackend(cpu());
const dir = synthetic !== undefined ? await mkdtemp(join(tmpdir(), 'stride-cifar-')) : args.data!;
if (synthetic !== undefined) await writeSyntheticCifar10(dir, synthetic, Math.ceil(synthetic / 5));
const train = firstImages(await loadCifar10({ dir, split: 'train' }), Number(args.limit ?? Infinity));
console.log(`CIFAR-10${synthetic !== undefined ? ' (synthetic)' : ''}: ${train.length} training images from ${dir}`);

manualSeed(0);
const model = resnet20();
const run = await trainCifar(model, train, {
  epochs: Number(args.epochs ?? (synthetic !== undefined ? 3 : 30)),
  batchSize: Number(args['batch-size'] ?? 128),
  lr: Number(args.lr ?? 0.1),
  seed: 0,
});
model.dispose();
if (synthetic !== undefined) await rm(dir, { recursive: true });
console.log(`epoch losses: ${run.epochLosses.map((l) => l.toFixed(4)).join(' → ')}; ${run.imagesPerSecond.toFixed(1)} img/s`);
const [first, last] = [run.epochLosses[0]!, run.epochLosses[run.epochLosses.length - 1]!];
if (!(last < first)) throw new Error(`train-cifar: the loss did not fall (first epoch ${first}, last epoch ${last})`);
