/** The part of onnxruntime's API the bench uses; onnxruntime-node and onnxruntime-web share it. */
export interface Ort {
  InferenceSession: { create(path: string, options?: SessionOptions): Promise<OrtSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;
  env: { wasm?: { numThreads?: number } };
}

export interface SessionOptions {
  executionProviders?: string[];
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
}

export interface OrtTensor {
  readonly dims: readonly number[];
  readonly data: unknown;
  dispose?(): void;
}

export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

export type OrtFlavour = 'node' | 'web';

export const ORT_PACKAGES: Record<OrtFlavour, string> = { node: 'onnxruntime-node', web: 'onnxruntime-web' };

/**
 * Loads onnxruntime-node (native, its CPU execution provider) or onnxruntime-web (its WebAssembly
 * SIMD build, threaded), the engines a JavaScript user picks to run an exported model. Rejects
 * when the package is missing or will not load in this runtime.
 */
export async function loadOrt(flavour: OrtFlavour, threads: number): Promise<Ort> {
  const ort = (await import(ORT_PACKAGES[flavour])) as Ort;
  // onnxruntime-web reads its thread count once, when its first session starts.
  if (flavour === 'web' && ort.env.wasm) ort.env.wasm.numThreads = threads;
  return ort;
}
