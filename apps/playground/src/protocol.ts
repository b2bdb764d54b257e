// The messages between the page (src/main.ts) and the training worker (src/worker/train-worker.ts).
// Every message is plain data (typed arrays included), so it survives structured cloning.

/** Which backend the user asked for: WebGPU where the browser has it, else the CPU. */
export type BackendChoice = 'auto' | 'webgpu' | 'cpu';

/** The page's requests. */
export type ToWorker =
  | { type: 'init'; dataUrl: string; backend: BackendChoice }
  | { type: 'setBackend'; backend: BackendChoice }
  | { type: 'train'; run: boolean }
  | { type: 'setOptions'; batchSize: number; lr: number }
  | { type: 'reset' }
  | { type: 'inspect'; testIndex: number }
  /** `id` names the drawing; the answer carries it back. */
  | { type: 'predict'; id: number; pixels: Float32Array }
  | { type: 'save' }
  | { type: 'load'; bytes: Uint8Array; name: string };

/** What the backend in use is, for the page's status line. */
export interface BackendInfo {
  kind: 'webgpu' | 'cpu';
  /** e.g. "Google / swiftshader (navigator.gpu)" or "2 threads (cross-origin isolated)". */
  detail: string;
  /** Why `auto` or `webgpu` ended on the CPU, when it did. */
  fallbackReason?: string;
}

/** One training step, as the charts draw it. */
export interface StepRecord {
  step: number;
  loss: number;
  /** The fraction of the batch predicted right. */
  batchAccuracy: number;
  /** Tensors alive after the step, and their bytes (core's `memory()`): flat while nothing leaks. */
  liveTensors: number;
  liveBytes: number;
}

/** The pictures of what the first layer learned, for the chosen test image. */
export interface LayerPictures {
  testIndex: number;
  label: number;
  /** The test image, 28×28, pixels in [0, 1]. */
  image: Float32Array;
  /** conv1.weight, [20, 1, 5, 5]. */
  filters: Float32Array;
  /** relu(conv1(image)), [20, 28, 28]. */
  featureMaps: Float32Array;
  /** relu(conv2(pool(…))), [50, 14, 14]. */
  featureMaps2: Float32Array;
  /** The model's class probabilities for the image. */
  probabilities: Float32Array;
}

/** The worker's answers and reports. */
export type FromWorker =
  | { type: 'status'; text: string }
  | { type: 'ready'; backend: BackendInfo; trainSize: number; testSize: number; evalSize: number }
  | { type: 'training'; running: boolean }
  | { type: 'steps'; records: StepRecord[]; epoch: number; imagesPerSecond: number }
  | { type: 'evaluation'; step: number; accuracy: number }
  | { type: 'pictures'; pictures: LayerPictures }
  | { type: 'prediction'; id: number; probabilities: Float32Array }
  | { type: 'saved'; bytes: Uint8Array; step: number }
  | { type: 'loaded'; name: string; keys: string[]; step: number }
  | { type: 'reset' }
  | { type: 'error'; message: string };
