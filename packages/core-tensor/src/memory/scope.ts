import type { TypedArray } from '../dtype.js';
import type { Tensor } from '../tensor.js';

/** Tensors created inside each active `tidy`, innermost last. */
const scopes: Set<Tensor>[] = [];

export function track(t: Tensor): void {
  scopes[scopes.length - 1]?.add(t);
}

export function untrack(t: Tensor): void {
  for (const s of scopes) s.delete(t);
}

/** Exempts `t` from every enclosing `tidy`; the caller disposes it. */
export function keep<T extends Tensor>(t: T): T {
  untrack(t);
  return t;
}

type Tidyable =
  | Tensor
  | TypedArray
  | Uint8Array
  | readonly Tidyable[]
  | { readonly [k: string]: Tidyable }
  // biome-ignore lint/suspicious/noConfusingVoidType: tidy(() => { … }) returns void, which tidy must accept.
  | void
  | number
  | string
  | boolean
  | null
  | undefined;

/**
 * Runs `fn` and disposes every tensor it created except those it returns (a tensor, or arrays and
 * objects of them; typed arrays may ride along) and those passed to `keep`. Synchronous: an async
 * `fn` would escape its scope.
 */
export function tidy<T extends Tidyable>(fn: () => T): T {
  const scope = new Set<Tensor>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
    if (result instanceof Promise) {
      throw new Error('tidy: fn returned a Promise; tidy is synchronous, so await outside it and keep() what you need');
    }
  } catch (e) {
    for (const t of scope) t.dispose();
    throw e;
  } finally {
    scopes.pop();
  }
  const survivors = new Set<Tensor>();
  collectTensors(result, survivors);
  for (const t of scope) {
    if (survivors.has(t)) track(t);
    else t.dispose();
  }
  return result;
}

/** Runs `fn` in a private scope and returns what it created (the caller decides their fate). */
export function collect<T>(fn: () => T): { result: T; created: Tensor[] } {
  const scope = new Set<Tensor>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    for (const t of scope) t.dispose();
    throw e;
  }
  scopes.pop();
  return { result, created: [...scope] };
}

function collectTensors(value: unknown, into: Set<Tensor>): void {
  if (value === null || typeof value !== 'object') return;
  // A typed array holds numbers only; walking it element by element cost 0.4 s for a 2M-element
  // `tidy(() => y.dataSync())`, ten times the convolution that made y.
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return;
  if (isTensor(value)) {
    into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectTensors(v, into);
  } else {
    for (const v of Object.values(value)) collectTensors(v, into);
  }
}

function isTensor(v: object): v is Tensor {
  return (v as { isTensor?: unknown }).isTensor === true;
}
