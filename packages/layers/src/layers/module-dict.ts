import type { Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';
import { checkKey, checkModule, noForward } from './containers.js';

type Entries<M> = Record<string, M> | Iterable<readonly [string, M]>;

/**
 * nn.ModuleDict: modules by name, in insertion order, with state-dict keys `name.weight` exactly
 * as given (no snake_case). Names follow torch's rules: non-empty strings without '.'. A plain
 * object lists integer-like keys first (JavaScript's property order); pass `[key, module]` pairs
 * or a Map to keep any insertion order. It has no forward: call the modules it holds.
 */
export class ModuleDict<M extends Module = Module> extends Module implements Iterable<string> {
  readonly #modules = new Map<string, M>();

  constructor(modules: Entries<M> = {}) {
    super();
    this.update(modules);
  }

  get length(): number {
    return this.#modules.size;
  }

  /** The module named `key`; a missing key is an error, as torch's KeyError. */
  get(key: string): M {
    const m = this.#modules.get(key);
    if (!m)
      throw new Error(
        `ModuleDict.get: no module named '${key}' (keys: ${
          this.keys()
            .map((k) => `'${k}'`)
            .join(', ') || 'none'
        })`,
      );
    return m;
  }

  has(key: string): boolean {
    return this.#modules.has(key);
  }

  /** Adds or replaces; a replaced key keeps its place in the order, as a Python dict. */
  set(key: string, m: M): this {
    checkKey('ModuleDict.set', key);
    checkModule('ModuleDict.set', m);
    this.#modules.set(key, m);
    return this;
  }

  /** Removes `key` and returns its module (torch's pop). */
  pop(key: string): M {
    const m = this.get(key);
    this.#modules.delete(key);
    return m;
  }

  delete(key: string): boolean {
    return this.#modules.delete(key);
  }

  clear(): void {
    this.#modules.clear();
  }

  /** Adds each entry of a record, a Map, another ModuleDict or `[key, module]` pairs, in order. */
  update(modules: Entries<M> | ModuleDict<M>): this {
    const entries =
      modules instanceof ModuleDict
        ? modules.items()
        : isIterable(modules)
          ? modules
          : typeof modules === 'object' && modules
            ? Object.entries(modules)
            : null;
    if (entries === null)
      throw new Error(`ModuleDict.update: modules must be an object, a Map or [key, module] pairs but got ${String(modules)}`);
    for (const entry of entries) {
      if (!Array.isArray(entry) || entry.length !== 2) {
        throw new Error(`ModuleDict.update: each entry must be a [key, module] pair but got ${String(entry)}`);
      }
      this.set(entry[0], entry[1]);
    }
    return this;
  }

  keys(): string[] {
    return [...this.#modules.keys()];
  }
  values(): M[] {
    return [...this.#modules.values()];
  }
  items(): [string, M][] {
    return [...this.#modules.entries()];
  }

  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }

  forward(_x: Tensor): Tensor {
    throw noForward('ModuleDict');
  }

  /** Its modules live in a Map (property order would move integer-like keys first), then any properties a subclass adds. */
  protected override childEntries(): [string, Module][] {
    return [...this.items(), ...super.childEntries()];
  }
}

function isIterable<M>(v: unknown): v is Iterable<readonly [string, M]> {
  return typeof v === 'object' && v !== null && typeof (v as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function';
}
