import { noGrad, tidy } from '@stride/core-tensor';
import { DataLoader, type LabeledImages } from '@stride/data-mnist-cifar';
import type { Module } from '@stride/layers';
import { evalTransform } from './augment.js';

/**
 * Accuracy on a dataset in eval mode, without a graph: the argmax of the model's output, logits
 * for one model or averaged probabilities for an `Ensemble` (the argmax is the same either way).
 * A tidy frees a forward's intermediates only at its end (about 1.8 MB per image for resnet20 at
 * 28×28), so batches stay small enough for an ensemble's members to fit in wasm's 2 GiB together.
 */
export async function accuracy(model: Module, dataset: LabeledImages, batchSize = 100): Promise<number> {
  model.eval();
  const loader = new DataLoader({ dataset, batchSize, transform: evalTransform });
  let correct = 0;
  for await (const { x, y } of loader) {
    const hits = noGrad(() => tidy(() => model.forward(x).argmax(1).eq(y).sum()));
    correct += await hits.item();
    [hits, x, y].forEach((t) => t.dispose());
  }
  return correct / dataset.length;
}
