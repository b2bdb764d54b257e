import type { Tensor } from '@stride/core-tensor';
import { Module } from '../module/module.js';
import { checkModule, noForward, resolveIndex } from './containers.js';

/**
 * nn.ModuleList: modules held in a list, named `0`, `1`, … (state-dict keys `0.weight`, and
 * `layers.0.weight` as a property `layers` of a model). Read with `list[i]` or `at(i)`
 * (negative from the end), grow with append/push/extend/insert, shrink with pop; removing or
 * inserting renumbers the rest, as torch does. It has no forward: iterate and call each module.
 */
export class ModuleList<M extends Module = Module> extends Module implements Iterable<M> {
  [index: number]: M;

  constructor(modules: Iterable<M> = []) {
    super();
    this.extend(modules);
  }

  get length(): number {
    let n = 0;
    while (Object.hasOwn(this, n)) n++;
    return n;
  }

  at(i: number): M {
    return this[resolveIndex('ModuleList.at', i, this.length)]!;
  }

  /** Replaces the module at i (torch's `list[i] = m`). */
  set(i: number, m: M): this {
    checkModule('ModuleList.set', m);
    this[resolveIndex('ModuleList.set', i, this.length)] = m;
    return this;
  }

  append(m: M): this {
    checkModule('ModuleList.append', m);
    this[this.length] = m;
    return this;
  }

  /** Array's push: appends each module and returns the new length. */
  push(...modules: M[]): number {
    this.extend(modules);
    return this.length;
  }

  extend(modules: Iterable<M>): this {
    if (modules === null || typeof (modules as Partial<Iterable<M>>)[Symbol.iterator] !== 'function') {
      throw new Error(`ModuleList.extend: modules must be an iterable of Modules but got ${String(modules)}`);
    }
    for (const m of modules) this.append(m);
    return this;
  }

  /** Inserts m before position `index` (−length ≤ index ≤ length); later modules move up one. */
  insert(index: number, m: M): void {
    checkModule('ModuleList.insert', m);
    const n = this.length;
    const at = resolveIndex('ModuleList.insert', index, n, true);
    for (let i = n; i > at; i--) this[i] = this[i - 1]!;
    this[at] = m;
  }

  /** Removes and returns the module at `index` (default the last); later modules move down one. */
  pop(index = -1): M {
    const n = this.length;
    const at = resolveIndex('ModuleList.pop', index, n);
    const m = this[at]!;
    for (let i = at; i < n - 1; i++) this[i] = this[i + 1]!;
    delete this[n - 1];
    return m;
  }

  /** A new ModuleList holding the same modules from `start` to `end` (torch's `list[a:b]`). */
  slice(start?: number, end?: number): ModuleList<M> {
    return new ModuleList(this.#modules().slice(start, end));
  }

  [Symbol.iterator](): Iterator<M> {
    return this.#modules()[Symbol.iterator]();
  }

  forward(_x: Tensor): Tensor {
    throw noForward('ModuleList');
  }

  #modules(): M[] {
    return Array.from({ length: this.length }, (_, i) => this[i]!);
  }
}
