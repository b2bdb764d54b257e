import { loadSafetensors, readSafetensorsMetadata, saveSafetensorsAsync, type Tensor } from '@stride/core-tensor';
import type { Module } from '@stride/layers';

/**
 * The model's state dict as a safetensors file, under PyTorch's keys (conv1.weight, …, fc2.bias),
 * so `model.load_state_dict(safetensors.torch.load_file(path))` loads it into the same torch
 * module. Async: WebGPU tensors read back asynchronously.
 */
export function saveWeights(model: Module, meta: { step: number }): Promise<Uint8Array> {
  return saveSafetensorsAsync(model.stateDict(), {
    format: 'pt',
    model: 'lenet5',
    producer: '@stride/playground',
    step: String(meta.step),
  });
}

/**
 * Loads a safetensors file into `model` (strict: every key, no extras, the same shapes; the
 * error names the file and lists every problem). Returns the keys loaded and the step the file
 * was saved at (0 for a file from elsewhere, e.g. PyTorch).
 */
export function loadWeights(model: Module, bytes: Uint8Array, fileName: string): { keys: string[]; step: number } {
  let tensors: Record<string, Tensor>;
  let step = 0;
  try {
    step = Number(readSafetensorsMetadata(bytes).step ?? 0) || 0;
    tensors = loadSafetensors(bytes);
  } catch (e) {
    throw new Error(`${fileName} is not a safetensors file Stride can read: ${(e as Error).message}`, { cause: e });
  }
  try {
    model.loadStateDict(tensors);
  } catch (e) {
    throw new Error(`${fileName} does not hold LeNet-5's weights: ${(e as Error).message}`, { cause: e });
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
  return { keys: Object.keys(tensors), step };
}
