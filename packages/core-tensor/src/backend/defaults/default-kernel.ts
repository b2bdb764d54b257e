import type { Backend, OptionalKernels } from '../backend.js';

/** A default kernel: a plain function of the backend and the optional kernel's arguments. */
export type DefaultKernel<K extends keyof OptionalKernels> = (
  b: Backend,
  ...args: Parameters<OptionalKernels[K]>
) => ReturnType<OptionalKernels[K]>;
