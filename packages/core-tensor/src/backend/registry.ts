import type { Backend } from './backend.js';

let current: Backend | undefined;
let explicitlySet = false;

/** Makes `b` the backend of tensors created without an explicit `backend`. */
export function setBackend(b: Backend): void {
  current = b;
  explicitlySet = true;
}

export function getBackend(): Backend {
  if (!current) {
    throw new Error(
      "getBackend: no backend is set. Install a kernels package and set it, e.g. " +
        "`import { cpu } from '@stride/kernels-cpu'; setBackend(cpu());`",
    );
  }
  return current;
}

/** Called by `defineBackend`: the first backend created serves as the default until one is set. */
export function offerDefaultBackend(b: Backend): void {
  if (!explicitlySet && !current) current = b;
}
