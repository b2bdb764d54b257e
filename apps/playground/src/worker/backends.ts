import type { Backend } from '@stride/core-tensor';
import { cpu } from '@stride/kernels-cpu';
import { webgpu } from '@stride/kernels-webgpu';
import type { BackendChoice, BackendInfo } from '../protocol.ts';

/** A backend the worker made, with what to show about it and how to let it go. */
export interface OwnedBackend {
  backend: Backend;
  info: BackendInfo;
  release(): void;
}

/**
 * The backend for `choice`: WebGPU through `navigator.gpu` (which dedicated workers have too) for
 * 'auto' and 'webgpu', falling back to the CPU with the reason; the CPU for 'cpu'. The CPU backend
 * runs its WebAssembly kernels on worker threads when the page is cross-origin isolated (it then
 * has SharedArrayBuffer), on this worker's thread alone otherwise.
 */
export async function makeBackend(choice: BackendChoice): Promise<OwnedBackend> {
  let fallbackReason: string | undefined;
  if (choice !== 'cpu') {
    try {
      const gpu = await webgpu();
      return { backend: gpu, info: { kind: 'webgpu', detail: gpu.adapter }, release: () => gpu.destroy() };
    } catch (e) {
      fallbackReason = (e as Error).message;
    }
  }
  const isolated = globalThis.crossOriginIsolated === true;
  const threads = isolated ? Math.min(8, Math.max(1, navigator.hardwareConcurrency || 1)) : 1;
  const backend = cpu({ threads });
  const detail = `${backend.threads} thread${backend.threads === 1 ? '' : 's'}${isolated ? '' : ' (page not cross-origin isolated)'}`;
  return {
    backend,
    info: { kind: 'cpu', detail, ...(fallbackReason === undefined ? {} : { fallbackReason }) },
    release: () => backend.dispose(),
  };
}
