import type { Backend, Capabilities, OptionalKernels, RequiredKernels } from './backend.js';
import { defaultKernels, defaults } from './defaults/index.js';
import { offerDefaultBackend } from './registry.js';

export interface DefineBackendOptions {
  /**
   * Keep only the required kernels of `kernels` and take every optional one from core's defaults
   * (the backend is named `<name>-required-only`). A testing aid: the conformance suite runs each
   * backend this way too, which proves the defaults a new backend starts from.
   */
  readonly requiredOnly?: boolean;
}

/** What a backend declares; whether it reads synchronously follows from whether it has `readSync`. */
export type DeclaredCapabilities = Omit<Capabilities, 'readSync'>;

/**
 * Builds a Backend from its required kernels and whichever optional kernels it has; the rest
 * come from defaults composed of required kernels, so a new backend is correct on day one.
 * The first backend defined becomes the default until `setBackend` says otherwise.
 */
export function defineBackend(
  name: string,
  capabilities: DeclaredCapabilities,
  kernels: RequiredKernels & Partial<OptionalKernels>,
  opts: DefineBackendOptions = {},
): Backend {
  const requiredOnly = opts.requiredOnly ?? false;
  const readSync = typeof kernels.readSync === 'function';
  const backend = {
    name: requiredOnly ? `${name}-required-only` : name,
    capabilities: Object.freeze({ ...capabilities, readSync }),
  } as Backend;
  const optionalNames = new Set<string>(Object.keys(defaults));
  for (const [key, kernel] of Object.entries(kernels)) {
    if (!(requiredOnly && optionalNames.has(key))) Object.assign(backend, { [key]: kernel });
  }
  const fallbacks = defaultKernels(backend);
  for (const key of optionalNames as Set<keyof OptionalKernels>) {
    if (backend[key] === undefined) Object.assign(backend, { [key]: fallbacks[key] });
  }
  offerDefaultBackend(backend);
  return backend;
}
