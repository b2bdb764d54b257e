import { type Backend, functional as F, manualSeed, memory, tidy, type Tensor } from '@stride/core-tensor';
import { type Batch, DataLoader, type ImageDataset, normalize } from '@stride/data-mnist-cifar';
import { Adam } from '@stride/optim';
import { type LeNet5, lenet5 } from '@stride/zoo';
import type { StepRecord } from '../protocol.ts';
import { MNIST_MEAN, MNIST_STD } from './mnist-normalization.ts';

export interface TrainOptions {
  batchSize: number;
  lr: number;
}

/**
 * LeNet-5, Adam and a shuffled MNIST loader: one `trainStep()` is API.md's canonical step (a
 * synchronous tidy around forward, backward and update, then one read outside it).
 */
export class Trainer {
  model: LeNet5;
  step = 0;
  #opt: Adam;
  #options: TrainOptions;
  #loader: DataLoader;
  #batches: AsyncIterator<Batch>;
  #seed = 0;

  constructor(
    readonly train: ImageDataset,
    readonly test: ImageDataset,
    options: TrainOptions,
  ) {
    this.#options = options;
    manualSeed(this.#seed);
    this.model = lenet5();
    this.#opt = new Adam(this.model.parameters(), { lr: options.lr });
    this.#loader = this.#makeLoader(0);
    this.#batches = this.#loader[Symbol.asyncIterator]();
  }

  get batchSize(): number {
    return this.#options.batchSize;
  }

  /** Epochs begun so far (the one running counts). */
  get epoch(): number {
    return this.#loader.epoch;
  }

  /** One optimisation step on the next batch; a new epoch starts when the loader runs out. */
  async trainStep(): Promise<StepRecord> {
    let next = await this.#batches.next();
    if (next.done) {
      this.#batches = this.#loader[Symbol.asyncIterator]();
      next = await this.#batches.next();
    }
    const { x, y } = next.value as Batch;
    const [loss, logits] = tidy(() => {
      this.#opt.zeroGrad();
      const logits = this.model.forward(x);
      const loss = F.crossEntropy(logits, y);
      loss.backward();
      this.#opt.step();
      return [loss, logits];
    });
    let record: Omit<StepRecord, 'liveTensors' | 'liveBytes'>;
    try {
      const [lossValue, scores, labels] = await Promise.all([loss.data(), logits.data(), y.data()]);
      this.step += 1;
      record = { step: this.step, loss: lossValue[0]!, batchAccuracy: accuracy(scores, labels) };
    } finally {
      for (const t of [loss, logits, x, y]) t.dispose();
    }
    const { numTensors, numBytes } = memory();
    return { ...record, liveTensors: numTensors, liveBytes: numBytes };
  }

  /** Accuracy on the first `n` test images, in batches of 250. */
  async evaluate(n: number): Promise<number> {
    let correct = 0;
    for (let start = 0; start < n; start += 250) {
      const indices = Array.from({ length: Math.min(250, n - start) }, (_, i) => start + i);
      const { x, y } = this.test.getBatch(indices);
      const logits = tidy(() => this.model.forward(normalized(x)));
      try {
        const [scores, labels] = await Promise.all([logits.data(), y.data()]);
        correct += accuracy(scores, labels) * indices.length;
      } finally {
        for (const t of [logits, x, y]) t.dispose();
      }
    }
    return correct / n;
  }

  /** New batch size or learning rate; the optimiser's state is kept. */
  setOptions(options: TrainOptions): void {
    const newBatchSize = options.batchSize !== this.#options.batchSize;
    this.#options = options;
    if (newBatchSize) {
      this.#loader = this.#makeLoader(this.#loader.epoch);
      this.#batches = this.#loader[Symbol.asyncIterator]();
    }
    for (const group of this.#opt.paramGroups) group.lr = options.lr;
  }

  /** Moves the weights to `backend`; Adam starts afresh there (its state stays behind). */
  moveTo(backend: Backend): void {
    this.model.to(backend);
    this.#restartOptimizer();
  }

  /** After new weights were loaded: Adam's moments belonged to the old ones. */
  weightsReplaced(step: number): void {
    this.step = step;
    this.#restartOptimizer();
  }

  /** Fresh weights (the next seed), a fresh optimiser, step 0, epoch 0. */
  reset(): void {
    this.#opt.dispose();
    this.model.dispose();
    manualSeed(++this.#seed);
    this.model = lenet5();
    this.#opt = new Adam(this.model.parameters(), { lr: this.#options.lr });
    this.#loader = this.#makeLoader(0);
    this.#batches = this.#loader[Symbol.asyncIterator]();
    this.step = 0;
  }

  dispose(): void {
    this.#opt.dispose();
    this.model.dispose();
  }

  #restartOptimizer(): void {
    this.#opt.dispose();
    this.#opt = new Adam(this.model.parameters(), { lr: this.#options.lr });
  }

  #makeLoader(epoch: number): DataLoader {
    const loader = new DataLoader({
      dataset: this.train,
      batchSize: this.#options.batchSize,
      shuffle: true,
      seed: 0,
      transform: normalize({ mean: [MNIST_MEAN], std: [MNIST_STD] }),
    });
    loader.epoch = epoch;
    return loader;
  }
}

/** Images on the [0, 1] scale, normalised as the training batches are. */
export function normalized(x: Tensor): Tensor {
  return x.sub(MNIST_MEAN).div(MNIST_STD);
}

/** The fraction of rows of `scores` ([n, 10], row-major) whose largest entry is at the label. */
function accuracy(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < 10; c++) if (scores[i * 10 + c]! > scores[i * 10 + best]!) best = c;
    if (best === labels[i]) correct++;
  }
  return correct / labels.length;
}
