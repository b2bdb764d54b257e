import type { BackendInfo, StepRecord } from './protocol.ts';

/**
 * What the page shows, as data: `window.stridePlayground` in the devtools console, and what the
 * browser test reads (test/playground.test.ts) instead of scraping the DOM.
 */
export interface PlaygroundState {
  /** The worker loaded MNIST and made its first backend. */
  ready: boolean;
  backend: BackendInfo | null;
  training: boolean;
  steps: readonly StepRecord[];
  evaluations: readonly { step: number; accuracy: number }[];
  /** The probabilities for the drawing on the pad, once it was predicted. */
  drawing: Float32Array | null;
  /** Times the layer pictures were redrawn. */
  picturesDrawn: number;
  errors: string[];
}

declare global {
  interface Window {
    stridePlayground: PlaygroundState;
  }
}
