import type { Tensor } from '@stride/core-tensor';
import type { DataLoader } from '@stride/data-mnist-cifar';
import type { Module } from '@stride/layers';
import type { CosineAnnealingWarmRestarts, SGD } from '@stride/optim';
import { Progress, type RunPosition } from '../progress.js';
import { trainingStep } from '../training-step.js';

export interface EpochStats {
  /** Mean training loss over the epoch's images. */
  loss: number;
  /** Training accuracy (against the dominant class of mixed targets). */
  accuracy: number;
  seconds: number;
  imagesPerSecond: number;
}

/**
 * One epoch of the canonical step. The schedule is stepped after every batch at the fractional
 * epoch `epoch + i / batches`, as torch's CosineAnnealingWarmRestarts documentation does, so the
 * learning rate falls smoothly within an epoch and restarts exactly at a cycle's end.
 * `epoch` counts from 0, as torch's loop does.
 */
export async function trainEpoch(
  model: Module,
  training: { opt: SGD; schedule: CosineAnnealingWarmRestarts },
  loader: DataLoader,
  epoch: number,
  label: string,
  run?: RunPosition,
): Promise<EpochStats> {
  const { opt, schedule } = training;
  model.train();
  const batches = loader.length;
  const progress = new Progress(label, batches * loader.batchSize, run);
  let seen = 0;
  let lossSum = 0;
  let correct = 0;
  let i = 0;
  for await (const { x, y } of loader) {
    const [loss, hits] = trainingStep(model, opt, x, y, classOf);
    schedule.step(epoch + i / batches);
    i++;
    const n = x.shape[0]!;
    lossSum += (await loss.item()) * n;
    correct += await hits.item();
    seen += n;
    [loss, hits, x, y].forEach((t) => t.dispose());
    progress.update(seen, {
      loss: (lossSum / seen).toFixed(4),
      acc: `${((100 * correct) / seen).toFixed(2)}%`,
      lr: schedule.getLastLr()[0]!.toFixed(4),
    });
  }
  const seconds = progress.finish();
  return { loss: lossSum / seen, accuracy: correct / seen, seconds, imagesPerSecond: seen / seconds };
}

/** Class indices from int32 labels [N], or the most probable class of mixed targets [N, C]. */
function classOf(y: Tensor): Tensor {
  return y.ndim === 1 ? y : y.argmax(1);
}
