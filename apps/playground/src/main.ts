// The page: controls, charts and pictures. All tensor work happens in the training worker
// (src/worker/train-worker.ts); this file only sends it requests and draws what comes back.
import type { PlaygroundState } from './inspect.ts';
import type { BackendChoice, BackendInfo } from './protocol.ts';
import { downloadBytes } from './ui/download.ts';
import { DrawPad } from './ui/draw-pad.ts';
import { drawImageGrid } from './ui/image-grid.ts';
import { renderLayerPictures } from './ui/layer-view.ts';
import { mnistFromDrawing } from './ui/mnist-preprocess.ts';
import { renderProbabilities } from './ui/probability-bars.ts';
import { TrainingView } from './ui/training-view.ts';
import { WorkerClient } from './worker-client.ts';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const buttons = ['train', 'reset', 'save', 'load'].map((id) => $<HTMLButtonElement>(id));
const [trainButton] = buttons as [HTMLButtonElement];
const backendSelect = $<HTMLSelectElement>('backend');
const testIndexInput = $<HTMLInputElement>('test-index');

const training = new TrainingView({
  step: $('step'),
  epoch: $('epoch'),
  loss: $('loss'),
  testAccuracy: $('test-accuracy'),
  speed: $('speed'),
  memory: $('memory'),
  lossChart: $<HTMLCanvasElement>('loss-chart'),
  accuracyChart: $<HTMLCanvasElement>('accuracy-chart'),
});

const state: PlaygroundState = {
  ready: false,
  backend: null,
  training: false,
  steps: training.steps,
  evaluations: training.evaluations,
  drawing: null,
  picturesDrawn: 0,
  errors: [],
};
window.stridePlayground = state;

function setStatus(text: string, isError = false): void {
  const el = $('status');
  el.textContent = text;
  el.classList.toggle('error', isError);
}

function showError(message: string): void {
  state.errors.push(message);
  setStatus(message, true);
  console.error(`stride playground: ${message}`);
}

function describeBackend(b: BackendInfo): string {
  const name = b.kind === 'webgpu' ? `WebGPU: ${b.detail}` : `CPU: ${b.detail}`;
  return b.fallbackReason ? `${name}. WebGPU unavailable: ${b.fallbackReason}` : name;
}

// Which drawing a prediction is for. The worker answers in order, so any answer for the drawing on
// the pad is the newest; a prediction redone for new weights (after each batch of pictures) keeps
// the drawing's number, or it would be dropped whenever the next pictures overtake it.
let drawingVersion = 0;
const worker = new WorkerClient(
  {
    status: (m) => setStatus(m.text),
    ready: (m) => {
      state.ready = true;
      state.backend = m.backend;
      for (const b of buttons) b.disabled = false;
      backendSelect.disabled = false;
      $('backend-info').textContent = describeBackend(m.backend);
      testIndexInput.max = String(m.testSize - 1);
      setStatus(`ready on ${m.backend.kind === 'webgpu' ? 'WebGPU' : 'the CPU'}: ${m.trainSize.toLocaleString('en')} training images`);
      predictDrawing();
    },
    training: (m) => {
      state.training = m.running;
      trainButton.textContent = m.running ? 'Pause' : 'Train';
      if (state.ready) setStatus(m.running ? 'training…' : 'paused');
    },
    steps: (m) => training.addSteps(m.records, m.epoch, m.imagesPerSecond),
    evaluation: (m) => training.addEvaluation(m.step, m.accuracy),
    pictures: (m) => {
      renderLayerPictures(
        {
          filters: $<HTMLCanvasElement>('filters'),
          testImage: $<HTMLCanvasElement>('test-image'),
          maps1: $<HTMLCanvasElement>('maps1'),
          maps2: $<HTMLCanvasElement>('maps2'),
          label: $('test-label'),
          predicted: $('test-predicted'),
        },
        m.pictures,
      );
      state.picturesDrawn++;
      // The drawing's probabilities follow the model as it learns.
      predictDrawing();
    },
    prediction: (m) => {
      if (m.id !== drawingVersion) return; // a newer drawing is on its way
      state.drawing = m.probabilities;
      renderProbabilities($('probabilities'), m.probabilities);
      const p = Array.from(m.probabilities);
      $('guess').textContent = String(p.indexOf(Math.max(...p)));
      showGuess(true);
    },
    saved: (m) => {
      downloadBytes(new Uint8Array(m.bytes), `lenet5-mnist-step${m.step}.safetensors`);
      setStatus(`saved the weights at step ${m.step}`);
    },
    loaded: (m) => {
      training.clear(m.step);
      setStatus(`loaded ${m.name} (${m.keys.length} tensors, saved at step ${m.step})`);
    },
    reset: () => training.clear(),
    error: (m) => showError(m.message),
  },
  (message) => showError(message),
);

// Controls.
trainButton.onclick = () => worker.send({ type: 'train', run: !state.training });
$('reset').onclick = () => worker.send({ type: 'reset' });
$('save').onclick = () => worker.send({ type: 'save' });
$('load').onclick = () => $<HTMLInputElement>('load-file').click();
$<HTMLInputElement>('load-file').onchange = async (e) => {
  const input = e.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  worker.send({ type: 'load', bytes, name: file.name }, [bytes.buffer]);
};
backendSelect.onchange = () => {
  backendSelect.disabled = true;
  worker.send({ type: 'setBackend', backend: backendSelect.value as BackendChoice });
};
const sendOptions = () =>
  worker.send({
    type: 'setOptions',
    batchSize: Number($<HTMLSelectElement>('batch-size').value),
    lr: Number($<HTMLSelectElement>('lr').value),
  });
$('batch-size').onchange = sendOptions;
$('lr').onchange = sendOptions;

// The test image whose feature maps are shown.
const inspect = () =>
  worker.send({ type: 'inspect', testIndex: Math.max(0, Math.min(Number(testIndexInput.max), Number(testIndexInput.value) || 0)) });
testIndexInput.onchange = inspect;
$('another').onclick = () => {
  testIndexInput.value = String(Math.floor(Math.random() * (Number(testIndexInput.max) + 1)));
  inspect();
};

// The drawing pad.
const preview = $<HTMLCanvasElement>('pad-preview');
const pad = new DrawPad($<HTMLCanvasElement>('pad'), () => {
  drawingVersion++;
  predictDrawing();
});
renderProbabilities($('probabilities'), null);
$('clear').onclick = () => {
  pad.clear();
  drawingVersion++;
  predictDrawing();
};

function predictDrawing(): void {
  const { ink, width, height } = pad.ink();
  const pixels = mnistFromDrawing(ink, width, height);
  drawImageGrid(preview, pixels, { count: 1, h: 28, w: 28, cols: 1, colormap: 'gray', gap: 0 });
  if (!state.ready) return;
  if (!pixels.some((v) => v > 0)) {
    state.drawing = null;
    renderProbabilities($('probabilities'), null);
    showGuess(false);
    return;
  }
  worker.send({ type: 'predict', id: drawingVersion, pixels }, [pixels.buffer]);
}

function showGuess(on: boolean): void {
  $('guess-line').hidden = !on;
  $('draw-hint').hidden = on;
}

backendSelect.disabled = true;
worker.send({ type: 'init', dataUrl: new URL('mnist/', document.baseURI).href, backend: backendFromUrl() });

/** `?backend=cpu` (or webgpu, auto) picks the first backend, for links and tests. */
function backendFromUrl(): BackendChoice {
  const b = new URLSearchParams(location.search).get('backend');
  const choice: BackendChoice = b === 'cpu' || b === 'webgpu' ? b : 'auto';
  backendSelect.value = choice;
  return choice;
}
