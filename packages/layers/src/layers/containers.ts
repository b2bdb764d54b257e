import { Module } from '../module/module.js';

/** Checks shared by the containers (Sequential, ModuleList, ModuleDict). */

export function checkModule(op: string, m: unknown): asserts m is Module {
  if (!(m instanceof Module)) throw new Error(`${op}: expected a Module but got ${describe(m)}`);
}

/** Python's index rule: −n ≤ i < n, negative counting from the end (`end` also allows i = n, for insert). */
export function resolveIndex(op: string, i: number, n: number, end = false): number {
  const last = end ? n : n - 1;
  if (!Number.isInteger(i) || i < -n || i > last) {
    throw new Error(`${op}: index ${i} is out of range for ${n} modules (expected an integer in [${-n}, ${last}])`);
  }
  return i < 0 ? i + n : i;
}

/** torch's add_module rules for a child's name. */
export function checkKey(op: string, key: unknown): asserts key is string {
  if (typeof key !== 'string') throw new Error(`${op}: module name should be a string but got ${describe(key)}`);
  if (key === '') throw new Error(`${op}: module name can't be empty string ""`);
  if (key.includes('.')) throw new Error(`${op}: module name can't contain ".", got: '${key}'`);
}

/** A container has no forward of its own, as torch's ModuleList and ModuleDict. */
export function noForward(name: string): Error {
  return new Error(`${name}: has no forward (as in PyTorch, it only holds modules); call the forward of the modules it holds`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return `${typeof v} ${String(v)}`;
}
