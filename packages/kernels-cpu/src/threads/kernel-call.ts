import { argsInOrder, KERNEL_PARAMS, KERNELS, type KernelArgs, type KernelName, type KernelParam } from '../wasm/kernel-params.js';

/**
 * One kernel call of a task, its arguments by name. Those named in `perThread` are offset by
 * thread·(the job's per-thread bytes): each thread's own scratch. Those in `step` advance by
 * round·step on each of the task's rounds (one sample a round, say).
 */
export type KernelCall = { readonly [K in KernelName]: CallOf<K> }[KernelName];

interface CallOf<K extends KernelName> {
  readonly kernel: K;
  readonly args: KernelArgs<K>;
  readonly perThread?: readonly KernelParam<K>[];
  readonly step?: { readonly [P in KernelParam<K>]?: number };
}

/** Calls run in order, the whole list `repeat` times (default 1). */
export interface Task {
  readonly calls: readonly KernelCall[];
  readonly repeat?: number;
}

/**
 * A call as the task runner reads it: the kernel's index in KERNELS, the arguments in
 * parameter order, bit i of a mask for argument i, and the stepped arguments' steps in order.
 */
export interface FlatCall {
  readonly kernel: number;
  readonly args: readonly number[];
  readonly perThreadMask: number;
  readonly stepMask: number;
  readonly steps: readonly number[];
}

/** The one place named arguments become positions. */
export function flatCall(call: KernelCall): FlatCall {
  const params: readonly string[] = KERNEL_PARAMS[call.kernel];
  const step: Readonly<Record<string, number | undefined>> = call.step ?? {};
  const perThread: readonly string[] = call.perThread ?? [];
  let stepMask = 0;
  const steps: number[] = [];
  params.forEach((p, i) => {
    const by = step[p];
    if (by === undefined) return;
    stepMask |= 1 << i;
    steps.push(by);
  });
  return {
    kernel: KERNELS.indexOf(call.kernel),
    args: argsInOrder(call.kernel, call.args),
    perThreadMask: perThread.reduce((mask, p) => mask | (1 << params.indexOf(p)), 0),
    stepMask,
    steps,
  };
}
