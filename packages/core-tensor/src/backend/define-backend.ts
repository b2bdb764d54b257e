import type { Backend, Capabilities, OptionalKernels, RequiredKernels } from './backend.js';
import { defaultKernels } from './defaults/index.js';
import { offerDefaultBackend } from './registry.js';

/**
 * Builds a Backend from its required kernels and whichever optional kernels it has; the rest
 * come from defaults composed of required kernels, so a new backend is correct on day one.
 * The first backend defined becomes the default until `setBackend` says otherwise.
 */
export function defineBackend(
  name: string,
  capabilities: Capabilities,
  kernels: RequiredKernels & Partial<OptionalKernels>,
): Backend {
  const backend = { name, capabilities } as Backend;
  Object.assign(backend, kernels);
  const defaults = defaultKernels(backend);
  for (const key of Object.keys(defaults) as (keyof OptionalKernels)[]) {
    if (kernels[key] === undefined) Object.assign(backend, { [key]: defaults[key] });
  }
  offerDefaultBackend(backend);
  return backend;
}
