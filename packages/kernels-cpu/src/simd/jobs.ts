import type { KernelCall, Task } from '../threads/kernel-call.js';
import { MAX_TASKS } from '../threads/task-runner.js';
import type { ThreadPool } from '../threads/thread-pool.js';

/**
 * How the SIMD kernels size and split their jobs. Below MIN_ELEMENTS the typed-array loops win:
 * a job costs a fixed amount to set up (and to copy in operands that live outside wasm memory).
 * Above MAX_ELEMENTS the loops again: wasm memory stops at 2 GiB, and an operand that must be
 * copied in takes its size in scratch.
 */
const MIN_ELEMENTS = 1 << 14;
const MAX_ELEMENTS = 1 << 24;
/** Elements per task, so a big job balances over the threads in several pieces. */
export const TASK_ELEMENTS = 1 << 16;

/** Whether a job over `elements` elements belongs on the wasm path. */
export function simdSized(elements: number): boolean {
  return elements >= MIN_ELEMENTS && elements <= MAX_ELEMENTS;
}

/**
 * Tasks over `units` units (planes, rows) of `unitElements` elements each: runs of whole units
 * of about TASK_ELEMENTS elements, at most MAX_TASKS of them; `call(first, count)` is a run's call.
 */
export function unitTasks(units: number, unitElements: number, call: (first: number, count: number) => KernelCall): Task[] {
  const perTask = Math.max(1, Math.ceil(TASK_ELEMENTS / unitElements), Math.ceil(units / MAX_TASKS));
  const tasks: Task[] = [];
  for (let first = 0; first < units; first += perTask) tasks.push({ calls: [call(first, Math.min(perTask, units - first))] });
  return tasks;
}

/**
 * Runs a kernel over the channels of a [batch, channels, plane] tensor in runs of whole
 * channels, at least one run per thread where there are enough channels; `call(c0, c1)` is
 * the call for channels [c0, c1).
 */
export function runOverChannels(
  pool: ThreadPool,
  [batch, channels, plane]: readonly [number, number, number],
  call: (c0: number, c1: number) => KernelCall,
): void {
  const byWork = Math.ceil(TASK_ELEMENTS / (batch * plane));
  const perTask = Math.max(Math.ceil(channels / MAX_TASKS), Math.min(byWork, Math.ceil(channels / pool.threads)));
  const tasks: Task[] = [];
  for (let c = 0; c < channels; c += perTask) tasks.push({ calls: [call(c, Math.min(channels, c + perTask))] });
  pool.run(tasks);
}
