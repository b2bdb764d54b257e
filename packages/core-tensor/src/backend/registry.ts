import type { Backend } from './backend.js';

let current: Backend | undefined;
let explicitlySet = false;
let lazyDefault: { name: string; make: () => Backend } | undefined;

/** Makes `b` the backend of tensors created without an explicit `backend`. */
export function setBackend(b: Backend): void {
  current = b;
  explicitlySet = true;
}

export function getBackend(): Backend {
  // As tfjs does: importing a backend package registers it, and the first op that needs a
  // backend creates it (no worker threads start before then).
  if (!current && lazyDefault) offerDefaultBackend(lazyDefault.make());
  if (!current) {
    throw new Error(
      'getBackend: no backend is set and no backend package was imported. Install one and import it, e.g. ' +
        "`import { cpu } from '@stride/kernels-cpu'` (it becomes the default), or `setBackend(cpu())`",
    );
  }
  return current;
}

/**
 * Called by a backend package when it is imported: `make` creates the default backend on the
 * first op that needs one, unless a backend was set or created before. The first package
 * registered wins (the CPU backend, the one that needs no asynchronous set-up).
 */
export function registerDefaultBackend(name: string, make: () => Backend): void {
  lazyDefault ??= { name, make };
}

/** Called by `defineBackend`: the first backend created serves as the default until one is set. */
export function offerDefaultBackend(b: Backend): void {
  if (!explicitlySet && !current) current = b;
}
