import { getBackend } from '@stride/core-tensor';

/** What a test may need that a backend can declare it lacks (WebGPU has neither). */
export type Capability = 'readSync' | 'float64';

/** Whether the current default backend has `capability`. */
export function has(capability: Capability): boolean {
  const { capabilities } = getBackend();
  return capability === 'readSync' ? capabilities.readSync : capabilities.dtypes.includes('float64');
}
