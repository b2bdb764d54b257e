import type * as TfCore from '@tensorflow/tfjs-core';

export type Tf = typeof TfCore;
export type TfBackendName = 'cpu' | 'wasm' | 'webgpu';

const PACKAGES: Record<TfBackendName, string> = {
  cpu: '@tensorflow/tfjs-backend-cpu',
  wasm: '@tensorflow/tfjs-backend-wasm',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
};

/**
 * Loads tfjs-core and one backend package into this process and makes it current. Rejects with
 * the reason when the backend cannot start here (no WebGPU adapter, a wasm file it cannot load).
 */
export async function loadTfjs(backend: TfBackendName): Promise<Tf> {
  const tf = (await import('@tensorflow/tfjs-core')) as Tf;
  // PROD silences tfjs's console advice ("install tfjs-node") and its debug-only checks.
  tf.env().set('PROD', true);
  await import('./gradients.js');
  await import(PACKAGES[backend]);
  if (!(await tf.setBackend(backend))) {
    throw new Error(`tfjs backend '${backend}' did not initialize in this runtime`);
  }
  await tf.ready();
  return tf;
}
