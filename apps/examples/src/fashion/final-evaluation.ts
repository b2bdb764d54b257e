import { join } from 'node:path';
import type { LabeledImages } from '@stride/data-mnist-cifar';
import { Ensemble } from '@stride/layers';
import { loadCheckpoint } from '@stride/optim';
import { loadCheckpointFile } from '@stride/optim/fs';
import type { CifarResNet } from '@stride/zoo';
import { accuracy } from './evaluate.js';
import type { SavedModel } from './run-state.js';

export interface TestResults {
  /** The best model on validation, on the test set. */
  best: { epoch: number; valAccuracy: number; testAccuracy: number } | null;
  /** The model as training left it. */
  finalTestAccuracy: number;
  /** Each ensemble member alone, then the average of their softmax probabilities. */
  ensemble: { members: (SavedModel & { testAccuracy: number })[]; testAccuracy: number } | null;
}

/**
 * The test-set numbers of a finished run: the final model, the best checkpoint (from its bytes in
 * memory) and the snapshot ensemble of the last `count` cycles (from their files in `dir`).
 */
export async function evaluateOnTest(opts: {
  model: CifarResNet;
  makeModel: () => CifarResNet;
  test: LabeledImages;
  best: { epoch: number; valAccuracy: number; bytes: Uint8Array } | undefined;
  snapshots: readonly SavedModel[];
  count: number;
  dir: string;
  log: (line: string) => void;
}): Promise<TestResults> {
  const { test, log } = opts;
  const finalTestAccuracy = await accuracy(opts.model, test);
  log(`final model: test acc ${percent(finalTestAccuracy)}`);

  let best: TestResults['best'] = null;
  if (opts.best) {
    const model = opts.makeModel();
    loadCheckpoint(opts.best.bytes, { model });
    best = { epoch: opts.best.epoch, valAccuracy: opts.best.valAccuracy, testAccuracy: await accuracy(model, test) };
    model.dispose();
    log(`best model (epoch ${best.epoch}, val acc ${percent(best.valAccuracy)}): test acc ${percent(best.testAccuracy)}`);
  }

  const chosen = opts.snapshots.slice(-opts.count);
  if (chosen.length === 0) {
    log('snapshot ensemble: no warm-restart cycle finished, so there is no snapshot to ensemble');
    return { best, finalTestAccuracy, ensemble: null };
  }
  const models: CifarResNet[] = [];
  const members: (SavedModel & { testAccuracy: number })[] = [];
  for (const snapshot of chosen) {
    const model = opts.makeModel();
    models.push(model);
    await loadCheckpointFile(join(opts.dir, snapshot.file), { model });
    members.push({ ...snapshot, testAccuracy: await accuracy(model, test) });
    log(`snapshot after epoch ${snapshot.epoch}: test acc ${percent(members.at(-1)!.testAccuracy)}`);
  }
  const ensemble = new Ensemble(models);
  const testAccuracy = await accuracy(ensemble, test);
  ensemble.dispose();
  log(`snapshot ensemble of epochs ${chosen.map((s) => s.epoch).join(', ')} (${chosen.length} models): test acc ${percent(testAccuracy)}`);
  return { best, finalTestAccuracy, ensemble: { members, testAccuracy } };
}

export function percent(fraction: number): string {
  return `${(100 * fraction).toFixed(2)}%`;
}
