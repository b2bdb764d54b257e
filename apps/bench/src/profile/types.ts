import type { Category } from './categories.js';

/** One kernel (Stride) or op (PyTorch) of the profiled step. */
export interface ProfileEntry {
  name: string;
  category: Category;
  callsPerStep: number;
  /** Its own wall time per step (PyTorch: self CPU time). */
  msPerStep: number;
  /** Of the step's wall time. */
  percent: number;
}

/** One library's breakdown of the same training step. */
export interface LibraryProfile {
  library: 'stride' | 'pytorch';
  /** "Stride cpu, 2 threads", "PyTorch 1.13.0 (OpenBLAS 0.3.21 (pthread)), 2 threads". */
  label: string;
  /** Wall time per profiled step, and without the timers where that was measured apart. */
  stepMs: number;
  stepMsUnprofiled: number | null;
  /** Sum of the entries: the rest of the step is outside kernels (autograd, JavaScript or Python). */
  kernelMsPerStep: number;
  entries: ProfileEntry[];
  notes: string[];
  /** On WebGPU, compute dispatches and command-buffer submits per step (unprofiled); null elsewhere. */
  gpuWork?: { dispatchesPerStep: number; submitsPerStep: number } | null;
}

export interface ProfileReport {
  createdAt: string;
  model: 'lenet5' | 'resnet20';
  mode: 'train' | 'infer';
  batch: number;
  steps: number;
  threads: number;
  recipe: string;
  stride: LibraryProfile;
  /** Null where PyTorch is unavailable; `pytorchReason` says why. */
  pytorch: LibraryProfile | null;
  pytorchReason: string | null;
  /** Per category, milliseconds per step on each side. */
  categories: { category: Category; strideMs: number; pytorchMs: number | null }[];
}
