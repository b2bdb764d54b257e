/// <reference lib="webworker" />
// The training worker: owns the backend, the data and the model, so the page never blocks.
// Requests run one at a time, in order (a promise chain); while training, each step is one more
// link in that chain, so a prediction or a backend switch waits at most one step.
import { setBackend } from '@stride/core-tensor';
import { type ImageDataset, loadMnist } from '@stride/data-mnist-cifar';
import type { BackendChoice, FromWorker, ToWorker } from '../protocol.ts';
import { makeBackend, type OwnedBackend } from './backends.ts';
import { layerPictures } from './pictures.ts';
import { predictDigit } from './predict.ts';
import { StepReporter } from './step-reporter.ts';
import { Trainer } from './trainer.ts';
import { loadWeights, saveWeights } from './weights.ts';

declare const self: DedicatedWorkerGlobalScope;

/** Test images whose accuracy the chart shows, and how often it is measured. */
const EVAL_SIZE = 1000;
const EVAL_EVERY = 50;

let owned: OwnedBackend | null = null;
let trainer: Trainer | null = null;
let testIndex = 0;
let running = false;
let looping = false;
let chain: Promise<void> = Promise.resolve();
const reporter = new StepReporter(post);

function post(message: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

function enqueue(task: () => Promise<void>): Promise<void> {
  chain = chain.then(task).catch((e: unknown) => {
    running = false;
    post({ type: 'training', running: false });
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  });
  return chain;
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  if (msg.type === 'train') {
    running = msg.run;
    post({ type: 'training', running });
    if (running) void trainLoop();
    return;
  }
  void enqueue(() => handle(msg));
};

async function handle(msg: Exclude<ToWorker, { type: 'train' }>): Promise<void> {
  switch (msg.type) {
    case 'init':
      return init(msg.dataUrl, msg.backend);
    case 'setBackend':
      return switchBackend(msg.backend);
    case 'setOptions':
      return need().setOptions({ batchSize: msg.batchSize, lr: msg.lr });
    case 'reset':
      need().reset();
      reporter.reset();
      post({ type: 'reset' });
      return sendPictures();
    case 'inspect':
      testIndex = msg.testIndex;
      return sendPictures();
    case 'predict':
      return post({ type: 'prediction', id: msg.id, probabilities: await predictDigit(need().model, msg.pixels) });
    case 'save': {
      const bytes = await saveWeights(need().model, { step: need().step });
      return post({ type: 'saved', bytes, step: need().step }, [bytes.buffer]);
    }
    case 'load': {
      const { keys, step } = loadWeights(need().model, msg.bytes, msg.name);
      need().weightsReplaced(step);
      post({ type: 'loaded', name: msg.name, keys, step });
      await sendPictures();
      return sendEvaluation();
    }
  }
}

async function init(dataUrl: string, choice: BackendChoice): Promise<void> {
  post({ type: 'status', text: 'loading MNIST…' });
  const [train, test] = await Promise.all([
    loadMnist({ baseUrl: dataUrl, split: 'train' }),
    loadMnist({ baseUrl: dataUrl, split: 'test' }),
  ]);
  post({ type: 'status', text: 'starting the backend…' });
  await useBackend(choice, (backend) => {
    setBackend(backend);
    trainer = new Trainer(train, test, { batchSize: 64, lr: 1e-3 });
  });
  announce(train, test);
  await sendPictures();
}

async function switchBackend(choice: BackendChoice): Promise<void> {
  const t = need();
  post({ type: 'status', text: `switching to ${choice}…` });
  await useBackend(choice, (backend) => {
    setBackend(backend);
    t.moveTo(backend);
  });
  announce(t.train, t.test);
  await sendPictures();
}

/** Makes the backend, lets `adopt` move onto it, then releases the one before. */
async function useBackend(choice: BackendChoice, adopt: (backend: OwnedBackend['backend']) => void): Promise<void> {
  const next = await makeBackend(choice);
  adopt(next.backend);
  owned?.release();
  owned = next;
}

function announce(train: ImageDataset, test: ImageDataset): void {
  post({ type: 'ready', backend: owned!.info, trainSize: train.length, testSize: test.length, evalSize: EVAL_SIZE });
}

/** Steps until paused; a second call while one loop runs does nothing. */
async function trainLoop(): Promise<void> {
  if (looping) return;
  looping = true;
  try {
    while (running) {
      await enqueue(async () => {
        if (!running) return;
        const t = need();
        reporter.record(await t.trainStep(), t.epoch, t.batchSize);
        if (t.step % EVAL_EVERY === 0) await sendEvaluation();
        if (reporter.picturesDue(t.step)) await sendPictures();
      });
      // A macrotask between steps, so that messages (pause, predict, switch) get in.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    looping = false;
  }
  reporter.flush();
  await enqueue(sendPictures);
}

async function sendPictures(): Promise<void> {
  const t = need();
  const startedAt = performance.now();
  const pictures = await layerPictures(t.model, t.test, testIndex);
  reporter.picturesSent(t.step, startedAt);
  post({ type: 'pictures', pictures });
}

async function sendEvaluation(): Promise<void> {
  const t = need();
  post({ type: 'evaluation', step: t.step, accuracy: await t.evaluate(EVAL_SIZE) });
}

function need(): Trainer {
  if (!trainer) throw new Error('the worker has not loaded MNIST yet (init first)');
  return trainer;
}
